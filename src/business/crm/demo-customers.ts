// Generated demo customers for `hotline seed-demo` and the first start:
// Chinese and English names, Chinese mobiles (+86 1xx), landlines with area
// codes, some international numbers, valid 18-digit ID numbers. A seeded
// PRNG makes every run produce the same customers.
import { csvDocument, csvLine } from './customer-csv.ts';
import { csvColumns } from './customer-csv-io.ts';
import type { CustomerChange, CustomerDirectory } from './customer-directory.ts';

const surnames: [string, string][] = [
  ['张', 'zhang'],
  ['王', 'wang'],
  ['李', 'li'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['赵', 'zhao'],
  ['黄', 'huang'],
  ['周', 'zhou'],
  ['吴', 'wu'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['胡', 'hu'],
  ['朱', 'zhu'],
  ['高', 'gao'],
  ['林', 'lin'],
  ['何', 'he'],
  ['郭', 'guo'],
  ['马', 'ma'],
  ['罗', 'luo'],
  ['梁', 'liang'],
  ['宋', 'song'],
  ['郑', 'zheng'],
  ['谢', 'xie'],
  ['欧阳', 'ouyang'],
  ['司马', 'sima'],
];
const givenChars: [string, string][] = [
  ['伟', 'wei'],
  ['芳', 'fang'],
  ['娜', 'na'],
  ['敏', 'min'],
  ['静', 'jing'],
  ['丽', 'li'],
  ['强', 'qiang'],
  ['磊', 'lei'],
  ['军', 'jun'],
  ['洋', 'yang'],
  ['勇', 'yong'],
  ['艳', 'yan'],
  ['杰', 'jie'],
  ['娟', 'juan'],
  ['涛', 'tao'],
  ['明', 'ming'],
  ['超', 'chao'],
  ['秀', 'xiu'],
  ['霞', 'xia'],
  ['平', 'ping'],
  ['刚', 'gang'],
  ['桂', 'gui'],
  ['华', 'hua'],
  ['建', 'jian'],
  ['国', 'guo'],
  ['文', 'wen'],
  ['辉', 'hui'],
  ['玲', 'ling'],
  ['婷', 'ting'],
  ['欣', 'xin'],
];
const firstNames = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Susan',
  'Richard',
  'Jessica',
  'Thomas',
  'Sarah',
  'Emma',
  'Oliver',
  'Sophie',
  'Lucas',
  'Chloe',
  'Daniel',
  'Grace',
  'Henry',
];
const lastNames = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Miller',
  'Davis',
  'Wilson',
  'Taylor',
  'Anderson',
  'Thomas',
  'Moore',
  'Martin',
  'Clark',
  "O'Brien",
  'Walker',
  'Wright',
  'Green',
];
const mobilePrefixes = [
  '130',
  '131',
  '132',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '157',
  '158',
  '159',
  '176',
  '177',
  '180',
  '181',
  '182',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '199',
];
/** Area codes and the length of local numbers there. */
const landlines: [string, number][] = [
  ['010', 8],
  ['021', 8],
  ['020', 8],
  ['022', 8],
  ['023', 8],
  ['028', 8],
  ['0755', 8],
  ['0571', 8],
  ['025', 8],
  ['027', 8],
  ['029', 8],
  ['0512', 8],
  ['0898', 7],
];
const international = [
  (r: Rng) => `+852 ${r.digits(1, '569')}${r.digits(7)}`,
  (r: Rng) => `+44 20 7${r.digits(3)} ${r.digits(4)}`,
  (r: Rng) =>
    `+1 ${r.pick(['212', '415', '646', '604', '416'])} ${r.digits(1, '23456789')}${r.digits(2)} ${r.digits(4)}`,
  (r: Rng) => `+65 ${r.digits(1, '89')}${r.digits(7)}`,
  (r: Rng) => `+81 90 ${r.digits(4)} ${r.digits(4)}`,
  (r: Rng) => `+61 4${r.digits(1, '0123')}${r.digits(1)} ${r.digits(3)} ${r.digits(3)}`,
];
const regionCodes = [
  '110101',
  '310104',
  '440106',
  '440305',
  '330106',
  '510107',
  '420102',
  '320102',
];
const tagPool = [
  'frequent-flyer',
  'business-traveller',
  'family',
  'hotel-member',
  'complained-before',
  'prefers-callback',
  'group-booking',
  'wheelchair-assistance',
];
const emailDomains = ['qq.com', '163.com', '126.com', 'gmail.com', 'outlook.com', 'example.cn'];

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
export class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  digits(n: number, alphabet = '0123456789'): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
}

export interface DemoCustomer {
  name: string;
  phones: string[];
  email: string | null;
  document: string | null;
  birthday: string;
  language: 'zh' | 'en';
  tier: string;
  tags: string[];
  notes: string;
  consent: { calls: boolean; sms: boolean; email: boolean };
}

/** GB 11643-1999: the 18th character of a resident ID is a checksum of the first 17. */
export function chineseIdChecksum(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return '10X98765432'[sum % 11]!;
}

/** One generated customer, drawing from `r`. */
export function generateCustomer(r: Rng): DemoCustomer {
  const english = r.chance(0.15);
  const year = 1950 + r.int(56);
  const birthday = `${year}-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`;
  let name: string;
  let login: string;
  if (english) {
    const [first, last] = [r.pick(firstNames), r.pick(lastNames)];
    name = `${first} ${last}`;
    login = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
  } else {
    const [surname, sPinyin] = r.pick(surnames);
    const given = Array.from({ length: r.chance(0.6) ? 2 : 1 }, () => r.pick(givenChars));
    name = surname + given.map((g) => g[0]).join('');
    login = sPinyin + given.map((g) => g[1]).join('');
  }
  const phones: string[] = [];
  if (!english || r.chance(0.5)) phones.push(`${r.pick(mobilePrefixes)}${r.digits(8)}`);
  if (r.chance(0.3)) {
    const [area, length] = r.pick(landlines);
    phones.push(`${area}-${r.digits(1, '2345678')}${r.digits(length - 1)}`);
  }
  if (english || r.chance(0.05)) phones.push(r.pick(international)(r));
  const first17 = `${r.pick(regionCodes)}${birthday.replaceAll('-', '')}${r.digits(3)}`;
  const tierRoll = r.next();
  return {
    name,
    phones,
    email: r.chance(0.6)
      ? `${login}${r.chance(0.5) ? r.int(100) : ''}@${r.pick(emailDomains)}`
      : null,
    document: english
      ? r.chance(0.5)
        ? `${r.pick(['E', 'G', 'P'])}${r.digits(8)}`
        : null
      : first17 + chineseIdChecksum(first17),
    birthday,
    language: english ? 'en' : 'zh',
    tier:
      tierRoll < 0.6
        ? 'standard'
        : tierRoll < 0.82
          ? 'silver'
          : tierRoll < 0.95
            ? 'gold'
            : 'platinum',
    tags: tagPool.filter(() => r.chance(0.12)),
    notes: r.chance(0.1)
      ? english
        ? 'Prefers e-mail confirmations.'
        : '偏好靠窗座位，需要发票。'
      : '',
    consent: { calls: r.chance(0.8), sms: r.chance(0.7), email: r.chance(0.5) },
  };
}

/** The demo customers the sequence `seed` makes (the first two are fixed: see below). */
export function demoCustomers(count: number, seed = 20261128): DemoCustomer[] {
  const r = new Rng(seed);
  const customers = Array.from({ length: count }, () => generateCustomer(r));
  // Two customers the demo's own test calls come from, so the screen pop has someone to show.
  const fixed = (name: string, phones: string[], tier: string, first17: string): DemoCustomer => ({
    ...customers[0]!,
    name,
    phones,
    tier,
    language: 'zh',
    email: null,
    document: first17 + chineseIdChecksum(first17),
    birthday: `${first17.slice(6, 10)}-${first17.slice(10, 12)}-${first17.slice(12, 14)}`,
  });
  customers[0] = fixed('王小明', ['13800138000'], 'gold', '11010519850612003');
  customers[1] = fixed('李华', ['13812345678', '010-62345678'], 'platinum', '31010419790305421');
  return customers;
}

export const DEMO_CUSTOMER_COUNT = 300;

/** Seeds the demo customers unless the directory has any; returns how many it created. */
export async function seedDemoCustomers(
  directory: CustomerDirectory,
  change: CustomerChange,
  count = DEMO_CUSTOMER_COUNT,
): Promise<number> {
  if ((await directory.count()) > 0) return 0;
  let csv = csvDocument(csvColumns);
  for (const c of demoCustomers(count))
    csv += csvLine([
      c.name,
      c.phones.join(';'),
      c.email,
      c.document,
      c.birthday,
      c.language,
      c.tier,
      c.tags.join(';'),
      c.notes,
      c.consent.calls,
      c.consent.sms,
      c.consent.email,
    ]);
  const report = await directory.importCsv(change, csv, { dryRun: false, source: 'seed' });
  return report.imported;
}
