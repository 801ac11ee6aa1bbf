// The prompt catalogue: every shipped prompt's name and its text in Chinese and English.
import type { Language } from './prompt-ref.ts';

/** What a catalogue prompt says, per language (what `scripts/render-prompts.ts` renders). */
export type PromptTexts = Readonly<Record<Language, string>>;

export interface CatalogueEntry {
  readonly name: string;
  readonly text: PromptTexts;
  /** Building blocks are concatenated by the say rules; the others are whole IVR sentences. */
  readonly group: 'ivr' | 'digits' | 'number' | 'currency' | 'date' | 'time' | 'letters';
  /**
   * Spoken in both languages, each in its own voice: the file of either language says its own
   * text first, then the other's (a caller who has not chosen a language yet hears both).
   */
  readonly bilingual?: true;
  /**
   * What the speech synthesizer is given instead of `text`, where it misreads the text (pinyin
   * with tone numbers for characters espeak-ng's dictionary gets wrong).
   */
  readonly speak?: Partial<PromptTexts>;
}

const SPEAK: Readonly<Record<string, Partial<PromptTexts>>> = {
  // espeak-ng 1.51's Mandarin dictionary gives 欢 and 务 (in 票务) the neutral tone: huān, wù meant.
  welcome: { zh: 'huan1ying2 致电畅游票 wu4 服务热线。' },
  // English rules read "jiao" as "jai-oh".
  'currency/jiao': { en: 'jow' },
};

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
const EN_DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const EN_TEENS = [
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const EN_TENS = [
  '',
  '',
  'twenty',
  'thirty',
  'forty',
  'fifty',
  'sixty',
  'seventy',
  'eighty',
  'ninety',
];
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const EN_ORDINALS = [
  '',
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
];

/** Chinese for 10..99 written out, used only for the catalogue's own texts. */
function zhTens(n: number): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens === 1 ? '' : ZH_DIGITS[tens]!) + '十' + (ones === 0 ? '' : ZH_DIGITS[ones]!);
}

// The IVR sentences of a travel-ticketing hotline (畅游票务). The main menu's keys match the demo
// center's main IVR: 1 flights, 2 hotels, 3 travel information, 4 complaints, 9 callback, 0 agent.
const IVR: readonly (readonly [string, string, string])[] = [
  ['welcome', '欢迎致电畅游票务服务热线。', 'Welcome to the Hotline travel service.'],
  ['choose-language', '普通话服务请按一。', 'For English, press two.'],
  [
    'main-menu',
    '机票服务请按一，酒店预订请按二，旅游资讯请按三，投诉与建议请按四，预约回电请按九，人工服务请按零。',
    'For flights, press one. For hotels, press two. For travel information, press three. For complaints, press four. To request a call back, press nine. To speak to an agent, press zero.',
  ],
  [
    'flights-menu',
    '查询航班动态请按一，预订或更改机票请按二，返回上一级菜单请按星号键。',
    'To check a flight status, press one. To book or change a ticket, press two. To return to the main menu, press star.',
  ],
  [
    'enter-flight-number',
    '请输入航班号中的数字，以井号键结束。',
    'Please enter the digits of your flight number, followed by the pound key.',
  ],
  ['flight-status-is', '您查询的航班状态是：', 'The status of your flight is:'],
  [
    'flight-not-found',
    '抱歉，没有找到这个航班，请核对后重新输入。',
    'Sorry, we could not find that flight. Please check the number and try again.',
  ],
  [
    'hotels-intro',
    '酒店预订服务，我们将为您转接酒店专员。',
    'Hotel reservations. We will connect you to a hotel specialist.',
  ],
  [
    'travel-intro',
    '旅游资讯服务，我们将为您转接旅游顾问。',
    'Travel information. We will connect you to a travel advisor.',
  ],
  [
    'complaints-intro',
    '投诉与建议服务，您的意见对我们非常重要。',
    'Complaints and suggestions. Your feedback matters to us.',
  ],
  [
    'callback-confirmed',
    '我们已记录您的回电请求，客服人员将尽快给您回电。',
    'Your call back request is recorded. An agent will call you back as soon as possible.',
  ],
  [
    'please-hold',
    '所有座席正忙，请稍候，我们将尽快为您服务。',
    'All our agents are busy. Please hold, and we will be with you shortly.',
  ],
  ['transferring', '正在为您转接，请稍候。', 'Transferring your call, please wait.'],
  ['invalid-option', '您的输入有误，请重新选择。', 'That is not a valid option. Please try again.'],
  ['no-input', '我们没有收到您的输入。', 'We did not receive your selection.'],
  ['goodbye', '感谢您的来电，再见。', 'Thank you for calling. Goodbye.'],
  [
    'after-hours',
    '现在是非工作时间。我们的服务时间是每天早上八点到晚上八点。',
    'We are closed now. Our service hours are eight a.m. to eight p.m., every day.',
  ],
  [
    'leave-message',
    '请在提示音后留言，留言完毕请按井号键或直接挂机。',
    'Please leave a message after the tone. When you are done, press the pound key or hang up.',
  ],
  ['message-saved', '您的留言已保存，谢谢。', 'Your message has been saved. Thank you.'],
  [
    'record-prompt',
    '请在提示音后录制语音提示，录制完毕请按井号键。',
    'Record the prompt after the tone. When you are done, press the pound key.',
  ],
  ['prompt-saved', '语音提示已保存。', 'The prompt has been saved.'],
  // Queue announcements: "您现在排在第 3 位，预计等待时间约 2 分钟" / "You are caller number 3. Your estimated wait is about 2 minutes."
  ['position-is', '您现在排在第', 'You are caller number'],
  ['position-unit', '位', 'in line'],
  ['wait-is', '预计等待时间约', 'Your estimated wait is about'],
  ['minutes', '分钟', 'minutes'],
  ['minute', '分钟', 'minute'],
  [
    'survey-question',
    '请对本次服务进行评价：非常满意请按一，满意请按二，不满意请按三。',
    'Please rate our service. Very satisfied, press one. Satisfied, press two. Not satisfied, press three.',
  ],
  ['survey-thanks', '感谢您的评价，再见。', 'Thank you for your feedback. Goodbye.'],
  [
    'service-unavailable',
    '抱歉，系统暂时无法提供服务，请稍后再拨。',
    'Sorry, the service is temporarily unavailable. Please call again later.',
  ],
];

/** The language choice is heard before a language is chosen, so it speaks both. */
const BILINGUAL = 'choose-language';

function buildCatalogue(): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [];
  const add = (group: CatalogueEntry['group'], name: string, zh: string, en: string): void => {
    const speak = SPEAK[name];
    entries.push({
      name,
      group,
      text: { zh, en },
      ...(name === BILINGUAL ? { bilingual: true as const } : {}),
      ...(speak === undefined ? {} : { speak }),
    });
  };
  for (const [name, zh, en] of IVR) add('ivr', name, zh, en);

  for (let d = 0; d <= 9; d++) add('digits', `digits/${d}`, ZH_DIGITS[d]!, EN_DIGITS[d]!);
  // 幺 (yāo) for 1 when reading phone and flight numbers digit by digit, as Chinese telephony does.
  add('digits', 'digits/yao', '幺', 'one');
  add('digits', 'digits/oh', '零', 'oh');
  add('digits', 'digits/star', '星号', 'star');
  add('digits', 'digits/pound', '井号', 'pound');

  for (let n = 10; n <= 19; n++) add('number', `number/${n}`, zhTens(n), EN_TEENS[n - 10]!);
  for (let n = 20; n <= 90; n += 10) add('number', `number/${n}`, zhTens(n), EN_TENS[n / 10]!);
  // 两 (liǎng) replaces 二 before 百, 千, 万, 亿 and measure words, as Mandarin speakers say it.
  add('number', 'number/liang', '两', 'two');
  add('number', 'number/hundred', '百', 'hundred');
  add('number', 'number/thousand', '千', 'thousand');
  add('number', 'number/ten-thousand', '万', 'ten thousand');
  add('number', 'number/hundred-million', '亿', 'hundred million');
  add('number', 'number/million', '百万', 'million');
  add('number', 'number/billion', '十亿', 'billion');
  add('number', 'number/minus', '负', 'minus');
  add('number', 'number/point', '点', 'point');

  add('currency', 'currency/yuan', '元', 'yuan');
  add('currency', 'currency/jiao', '角', 'jiao');
  add('currency', 'currency/fen', '分', 'fen');

  add('date', 'date/year', '年', 'year');
  add('date', 'date/month', '月', 'month');
  add('date', 'date/day', '日', 'day');
  for (let m = 1; m <= 12; m++) {
    add('date', `month/${m}`, (m < 10 ? ZH_DIGITS[m]! : zhTens(m)) + '月', EN_MONTHS[m - 1]!);
  }
  // Ordinals 1..19, 20th and 30th; 21st is "twenty" + "first".
  for (let n = 1; n <= 19; n++) {
    add('date', `ordinal/${n}`, '第' + (n < 10 ? ZH_DIGITS[n]! : zhTens(n)), EN_ORDINALS[n]!);
  }
  add('date', 'ordinal/20', '第二十', 'twentieth');
  add('date', 'ordinal/30', '第三十', 'thirtieth');

  add('time', 'time/hour', '点', 'hours');
  add('time', 'time/minute', '分', 'minutes');
  add('time', 'time/oclock', '整', "o'clock");
  add('time', 'time/am', '上午', 'a.m.');
  add('time', 'time/pm', '下午', 'p.m.');

  for (let c = 0; c < 26; c++) {
    const letter = String.fromCharCode(65 + c);
    // The Chinese voice reads Latin letters by their English names, as Chinese callers say them.
    add('letters', `letters/${letter.toLowerCase()}`, letter, letter);
  }
  return entries;
}

/** Every catalogue prompt, IVR sentences first. */
export const PROMPT_CATALOGUE: readonly CatalogueEntry[] = buildCatalogue();

const byName = new Map(PROMPT_CATALOGUE.map((entry) => [entry.name, entry]));

export function isKnownPrompt(name: string): boolean {
  return byName.has(name);
}

export function promptNames(): string[] {
  return PROMPT_CATALOGUE.map((entry) => entry.name);
}

/** The catalogue entry of `name`, or undefined when there is none. */
export function catalogueEntry(name: string): CatalogueEntry | undefined {
  return byName.get(name);
}
