// Benchmark: the time one login's scrypt costs at several work factors, and
// how many logins per second the thread pool sustains. Usage: npm run bench:password
import { hashPassword, verifyPassword } from '../src/api/index.ts';

for (const cost of [16384, 32768, 65536, 131072]) {
  const hash = await hashPassword('a typical password 1', cost);
  const rounds = 10;
  let start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) await verifyPassword('a typical password 1', hash);
  const serialMs = Number(process.hrtime.bigint() - start) / 1e6 / rounds;
  start = process.hrtime.bigint();
  const parallel = 16;
  await Promise.all(
    Array.from({ length: parallel }, () => verifyPassword('a typical password 1', hash)),
  );
  const parallelMs = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(
    `scrypt N=${String(cost).padEnd(6)} r=8 p=1 (${((128 * cost * 8) / 2 ** 20).toFixed(0).padStart(3)} MiB): ` +
      `${serialMs.toFixed(1).padStart(6)} ms per login, ${Math.round((parallel / parallelMs) * 1000)} logins/s with ${parallel} at once`,
  );
}
