import type { WebhookDeliveryRecord } from '../records.ts';
import type { WebhookRepository } from '../repositories.ts';
import { own, replaceWhere } from './list-index.ts';
import type { LowDocument } from './lowdb-document.ts';

const time = (iso: string | null) => (iso === null ? Infinity : new Date(iso).getTime());

export function lowdbWebhooks(doc: LowDocument): WebhookRepository {
  return {
    createEndpoint: (endpoint) =>
      doc.write((d) => ({ next: { ...d, webhookEndpoints: [...d.webhookEndpoints, own(endpoint)] }, result: undefined })),
    endpoint: async (userId, id) => {
      const found = doc.current().webhookEndpoints.find((e) => e.id === id && e.userId === userId);
      return found ? own(found) : null;
    },
    endpointById: async (id) => {
      const found = doc.current().webhookEndpoints.find((e) => e.id === id);
      return found ? own(found) : null;
    },
    listEndpoints: async (userId) =>
      doc
        .current()
        .webhookEndpoints.filter((e) => e.userId === userId)
        .map(own),
    deleteEndpoint: (userId, id) =>
      doc.write((d) => {
        if (!d.webhookEndpoints.some((e) => e.id === id && e.userId === userId)) return { result: false };
        return {
          next: {
            ...d,
            webhookEndpoints: d.webhookEndpoints.filter((e) => e.id !== id),
            webhookDeliveries: d.webhookDeliveries.filter((x) => x.endpointId !== id),
          },
          result: true,
        };
      }),
    enqueue: (delivery) =>
      doc.write((d) => ({ next: { ...d, webhookDeliveries: [...d.webhookDeliveries, own(delivery)] }, result: undefined })),
    claimDue: (now, leaseUntil, limit) =>
      doc.write((d) => {
        const due = d.webhookDeliveries
          .filter((x) => x.state === 'pending' && time(x.nextAttemptAt) <= time(now))
          .sort((a, b) => time(a.nextAttemptAt) - time(b.nextAttemptAt))
          .slice(0, limit);
        if (due.length === 0) return { result: [] as WebhookDeliveryRecord[] };
        const ids = new Set(due.map((x) => x.id));
        const webhookDeliveries = replaceWhere(
          d.webhookDeliveries,
          (x) => ids.has(x.id),
          (x) => ({ ...x, nextAttemptAt: leaseUntil }),
        );
        return { next: { ...d, webhookDeliveries }, result: due.map((x) => own({ ...x, nextAttemptAt: leaseUntil })) };
      }),
    settle: async (id, outcome) => {
      await doc.write((d) => {
        const webhookDeliveries = replaceWhere(
          d.webhookDeliveries,
          (x) => x.id === id,
          (x) => ({ ...x, ...outcome }),
        );
        return webhookDeliveries === d.webhookDeliveries ? { result: undefined } : { next: { ...d, webhookDeliveries }, result: undefined };
      });
    },
    deliveries: async (endpointId, limit) =>
      doc
        .current()
        .webhookDeliveries.filter((x) => x.endpointId === endpointId)
        .reverse()
        .slice(0, limit)
        .map(own),
    pruneSettled: (before) =>
      doc.write((d) => {
        const kept = d.webhookDeliveries.filter((x) => x.state === 'pending' || time(x.createdAt) >= time(before));
        const gone = d.webhookDeliveries.length - kept.length;
        return gone ? { next: { ...d, webhookDeliveries: kept }, result: gone } : { result: 0 };
      }),
  };
}
