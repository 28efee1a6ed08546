import { ConfigError, duration, loadConfig, positiveInt } from './config';

describe('duration config', () => {
  const spec = { JWT_MAX_TTL: duration('longest token lifetime', '24h') };

  it.each([
    [undefined, 86400],
    ['90s', 90],
    ['15m', 900],
    ['12h', 43200],
    ['7d', 604800],
    ['3600', 3600],
  ])('reads %j as %d seconds', (raw, seconds) => {
    expect(loadConfig(spec, { JWT_MAX_TTL: raw }).JWT_MAX_TTL).toBe(seconds);
  });

  it.each(['0', '0h', '-5m', '1.5h', '24 hours', 'h'])('refuses %j at boot', (raw) => {
    expect(() => loadConfig(spec, { JWT_MAX_TTL: raw })).toThrow(ConfigError);
    expect(() => loadConfig(spec, { JWT_MAX_TTL: raw })).toThrow(/JWT_MAX_TTL must be a positive duration/);
  });
});

describe('positive integer config', () => {
  const spec = { NOTIFICATION_MAX_STREAMS_PER_USER: positiveInt('streams per user', '8') };

  it.each([
    [undefined, 8],
    ['1', 1],
    ['250', 250],
  ])('reads %j as %d', (raw, value) => {
    expect(loadConfig(spec, { NOTIFICATION_MAX_STREAMS_PER_USER: raw }).NOTIFICATION_MAX_STREAMS_PER_USER).toBe(value);
  });

  it.each(['0', '-1', '01', '2.5', 'many'])('refuses %j at boot', (raw) => {
    expect(() => loadConfig(spec, { NOTIFICATION_MAX_STREAMS_PER_USER: raw })).toThrow(/NOTIFICATION_MAX_STREAMS_PER_USER must be a positive integer/);
  });
});
