// The rate limits' counters are in the storage now (storage/repositories.ts: RateCounterRepository,
// in memory for lowdb and shared in PostgreSQL); limits/limit-book.ts counts with them.
export { clientAddress as clientIp } from '../http/forwarded.ts';
