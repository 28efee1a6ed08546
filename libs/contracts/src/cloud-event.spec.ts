import { fromKafkaRecord, toKafkaRecord, type EventEnvelope } from './cloud-event';

const envelope: EventEnvelope = {
  id: 'e-1',
  source: '/credits/membership',
  type: 'MemberInvited',
  version: 1,
  time: '2026-01-01T00:00:00.000Z',
  key: 'loc-1',
  correlationId: 'c-1',
  causationId: 'r-1',
  data: { locationId: 'loc-1' },
};

describe('CloudEvents over Kafka: the distributed-tracing extension', () => {
  it('carries the trace context as the ce_traceparent header and reads it back', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const record = toKafkaRecord({ ...envelope, traceparent });
    expect(record.headers.ce_traceparent).toBe(traceparent);
    expect(fromKafkaRecord(record)).toEqual({ ...envelope, traceparent });
  });

  it('sends no trace header when the event has no trace context', () => {
    const record = toKafkaRecord(envelope);
    expect(record.headers).not.toHaveProperty('ce_traceparent');
    expect(fromKafkaRecord(record)).toEqual(envelope);
  });
});
