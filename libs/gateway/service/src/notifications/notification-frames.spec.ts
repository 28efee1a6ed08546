import type { CreditsAddedNotification } from '@credits/contracts';
import { ProblemException } from '@credits/platform/core';
import { lastEventIdOf, notificationFrame } from './notification-frames';

const notification: CreditsAddedNotification = {
  recipientId: 'auth0|bob',
  sequence: 7,
  kind: 'credits-added',
  locationId: '0b6f3c52-8d1e-4c4f-9a57-5e2f0f8f6a11',
  wallet: { ownerType: 'company', ownerId: 'c0ffee00-0000-4000-8000-000000000001' },
  amount: 1005,
  source: 'purchase',
  purchaseId: 'a3a1f4f0-0000-4000-8000-000000000001',
  occurredAt: '2026-12-05T10:00:00.000Z',
};

describe('notification frames (SSE)', () => {
  it('is one credits-added event with the sequence as id and credits as a decimal string', () => {
    expect(notificationFrame(notification)).toBe(
      'id: 7\nevent: credits-added\n' +
        'data: {"locationId":"0b6f3c52-8d1e-4c4f-9a57-5e2f0f8f6a11","wallet":{"ownerType":"company","ownerId":"c0ffee00-0000-4000-8000-000000000001"},' +
        '"amount":"10.05","source":"purchase","purchaseId":"a3a1f4f0-0000-4000-8000-000000000001"}\n\n',
    );
  });

  it('leaves purchaseId out when no purchase bought the credits, and keeps a user id with a line break on one data line', () => {
    const frame = notificationFrame({ ...notification, purchaseId: null, source: 'admin', amount: 5, wallet: { ownerType: 'user', ownerId: 'odd\nid' } });
    expect(frame.split('\n').filter((line) => line.startsWith('data: '))).toHaveLength(1);
    expect(JSON.parse(frame.split('\n')[2].slice('data: '.length))).toEqual({
      locationId: notification.locationId,
      wallet: { ownerType: 'user', ownerId: 'odd\nid' },
      amount: '0.05',
      source: 'admin',
    });
  });

  it('reads Last-Event-ID as a sequence, none as a new stream, anything else as a 400 on that header', () => {
    expect(lastEventIdOf(undefined)).toBeNull();
    expect(lastEventIdOf('')).toBeNull();
    expect(lastEventIdOf('0')).toBe(0);
    expect(lastEventIdOf('42')).toBe(42);
    for (const bad of ['-1', '1.5', 'abc', '007', '1e3', '9'.repeat(16)]) {
      let thrown: unknown;
      try {
        lastEventIdOf(bad);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ProblemException);
      expect((thrown as ProblemException).status).toBe(400);
    }
  });
});
