/**
 * The names exports give a bar's columns, field by field and language by language, as brokers,
 * exchanges and data sites write them (investing.com in each language, Finam, MOEX, ariva,
 * onvista, stooq, akshare, tushare, Yahoo Japan, kabu Station, …). Each table is in priority
 * order: the first name a header holds wins. English comes first, so a file that names a field in
 * two ways keeps the reading it had before the other languages were added.
 *
 * Names are compared after normalizeHeader: accents, case, full-width forms, units in brackets
 * and punctuation do not matter, so each name is written once, as exports spell it.
 */

/**
 * Compatibility forms (NFKC: full-width letters and brackets), no accents or other marks (NFD,
 * then ı ł ß ø folded by hand: they have no decomposition), lower case, no <> or quotes, no unit
 * in brackets (`Close (USD)`, `Volumen [Stk.]`, `成交量（手）`) unless it holds a `%` (a change
 * column is never a price), and runs of spaces and `_ - . /` as one space:
 * "<DATE>" → "date", "Open_Time" → "open time", "Eröffn." → "eroffn", "Açılış" → "acilis".
 */
export function normalizeHeader(name: string): string {
  return name
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ıłßø]/g, (c) => FOLD[c])
    .replace(/[<>"'`]/g, '')
    .replace(/[([【{][^()[\]【】{}%]*[)\]】}]/g, ' ')
    .replace(/[\s_\-./()[\]【】{}]+/g, ' ')
    .trim();
}

const FOLD: Record<string, string> = { ı: 'i', ł: 'l', ß: 'ss', ø: 'o' };

type Languages = Readonly<Record<string, readonly string[]>>;

/** One field's names, in the order given (languages in the order written), normalized, each once. */
function names(byLanguage: Languages): readonly string[] {
  return [...new Set(Object.values(byLanguage).flat().map(normalizeHeader))];
}

/** A whole timestamp in one column (besides these, `date` + `time` columns, see below). */
export const TIME_NAMES = names({
  en: [
    'open time', 'opentime', 'timestamp', 'unix', 'unix timestamp', 'unix time', 'timestamp utc', 'datetime',
    'date time', 'datetime utc', 'gmt time', 'utc time', 'time utc', 'local time', 'ts', 'dt', 'start', 'period start',
  ],
  de: ['Zeitstempel', 'Datum/Zeit', 'Datum/Uhrzeit', 'Datum Uhrzeit'],
  fr: ['Date/Heure', 'Horodatage'],
  es: ['Fecha/Hora', 'Fecha y hora'],
  it: ['Data/Ora'],
  pt: ['Data/Hora'],
  nl: ['Datum/Tijd'],
  pl: ['Data/Czas'],
  ru: ['Дата/Время', 'Дата и время'],
  tr: ['Tarih/Saat'],
  zh: ['日期时间', '时间戳', '日期時間', '時間戳'],
  ja: ['日時', 'タイムスタンプ'],
});

/** A calendar date (alone, or with a time-of-day column beside it). */
export const DATE_NAMES = names({
  en: ['date', 'trade date', 'tradedate'],
  de: ['Datum', 'Handelstag'],
  fr: ['Date'],
  es: ['Fecha'],
  it: ['Data'],
  pt: ['Data', 'Data do pregão'],
  nl: ['Datum'],
  pl: ['Data'],
  ru: ['Дата', 'Дата торгов'],
  tr: ['Tarih'],
  zh: ['日期', '交易日期', '交易日'],
  ja: ['日付', '日付け', '年月日'],
});

/** A time of day next to a date column (MetaTrader's `<TIME>`), or a whole timestamp when alone. */
export const TIME_OF_DAY_NAMES = names({
  en: ['time'],
  de: ['Zeit', 'Uhrzeit'],
  fr: ['Heure'],
  es: ['Hora'],
  it: ['Ora', 'Orario'],
  pt: ['Hora'],
  nl: ['Tijd'],
  pl: ['Czas', 'Godzina'],
  ru: ['Время'],
  tr: ['Saat', 'Zaman'],
  zh: ['时间', '時間'],
  ja: ['時刻', '時間'],
});

export const OPEN_NAMES = names({
  en: ['open', 'o', 'open price', 'opening price', 'first', 'open bid'],
  de: ['Eröffnung', 'Eröffn.', 'Eröffnungskurs', 'Erster', 'Erster Kurs', 'Anfang'],
  fr: ['Ouverture', 'Ouv.', 'Cours d\'ouverture'],
  es: ['Apertura', 'Precio de apertura'],
  it: ['Apertura', 'Prezzo di apertura'],
  pt: ['Abertura', 'Preço de abertura'],
  nl: ['Openingskoers', 'Opening', 'Openen'],
  pl: ['Otwarcie', 'Kurs otwarcia'],
  ru: ['Открытие', 'Откр.', 'Цена открытия'],
  tr: ['Açılış', 'Açılış Fiyatı', 'Açılış fiyatı'],
  zh: ['开盘', '开盘价', '今开', '開盤', '開盤價'],
  ja: ['始値'],
});

export const HIGH_NAMES = names({
  en: ['high', 'h', 'high price', 'max', 'highest', 'high bid'],
  de: ['Hoch', 'Tageshoch', 'Höchst', 'Höchstkurs', 'Max.'],
  fr: ['Plus haut', 'Haut', '+ Haut'],
  es: ['Máximo', 'Máx.', 'Alto'],
  it: ['Massimo', 'Max'],
  pt: ['Máxima', 'Máximo', 'Alta'],
  nl: ['Hoog', 'Hoogste', 'Hoogste koers'],
  pl: ['Najwyższy', 'Maksimum', 'Kurs maksymalny'],
  ru: ['Максимум', 'Макс.', 'Максимальная цена'],
  tr: ['Yüksek', 'En Yüksek', 'En yüksek'],
  zh: ['最高', '最高价', '高', '最高價'],
  ja: ['高値'],
});

export const LOW_NAMES = names({
  en: ['low', 'l', 'low price', 'min', 'lowest', 'low bid'],
  de: ['Tief', 'Tagestief', 'Tiefst', 'Tiefstkurs', 'Min.'],
  fr: ['Plus bas', 'Bas', '+ Bas'],
  es: ['Mínimo', 'Mín.', 'Bajo'],
  it: ['Minimo', 'Min'],
  pt: ['Mínima', 'Mínimo', 'Baixa'],
  nl: ['Laag', 'Laagste', 'Laagste koers'],
  pl: ['Najniższy', 'Minimum', 'Kurs minimalny'],
  ru: ['Минимум', 'Мин.', 'Минимальная цена'],
  tr: ['Düşük', 'En Düşük', 'En düşük'],
  zh: ['最低', '最低价', '低', '最低價'],
  ja: ['安値'],
});

/**
 * The close, then the "last" and "price" words: in a daily export the last price of the day is
 * its close (investing.com writes Zuletzt, Dernier, Último, Ultimo, Цена, Şimdi, Ostatnio, 收盘).
 */
export const CLOSE_NAMES = names({
  en: ['close', 'c', 'close price', 'closing price', 'close last', 'close bid'],
  de: ['Schluss', 'Schlusskurs', 'Schlußkurs'],
  fr: ['Clôture', 'Cours de clôture', 'Fermeture'],
  es: ['Cierre', 'Precio de cierre'],
  it: ['Chiusura', 'Prezzo di chiusura'],
  pt: ['Fechamento', 'Fecho', 'Preço de fechamento'],
  nl: ['Slot', 'Slotkoers', 'Sluiting'],
  pl: ['Zamknięcie', 'Kurs zamknięcia'],
  ru: ['Закрытие', 'Закр.', 'Цена закрытия'],
  tr: ['Kapanış', 'Kapanış Fiyatı', 'Kapanış fiyatı'],
  zh: ['收盘', '收盘价', '收盤', '收盤價'],
  ja: ['終値'],
  // last and price words, after every close word
  enLast: ['last', 'price'],
  deLast: ['Zuletzt', 'Letzter', 'Letzter Kurs', 'Kurs'],
  frLast: ['Dernier', 'Dernier cours'],
  esLast: ['Último', 'Últ.'],
  itLast: ['Ultimo', 'Ultimo prezzo'],
  ptLast: ['Último'],
  nlLast: ['Laatste', 'Laatst', 'Koers'],
  plLast: ['Ostatnio', 'Ostatni', 'Kurs'],
  ruLast: ['Последний', 'Посл.', 'Цена'],
  trLast: ['Şimdi', 'Son', 'Son Fiyat', 'Fiyat'],
  zhLast: ['最新价', '最新價', '收市價'],
  jaLast: ['現在値'],
});

/** Adjusted closes: used as the close only when there is no close (and reported either way). */
export const ADJ_CLOSE_NAMES = names({
  en: ['adj close', 'adjusted close', 'adj close last', 'adj. close'],
  de: ['Angepasster Schlusskurs', 'Bereinigter Schlusskurs'],
  fr: ['Clôture ajustée', 'Clôture aj.'],
  es: ['Cierre ajustado', 'Cierre aj.'],
  it: ['Chiusura aggiustata', 'Chiusura adj'],
  pt: ['Fechamento ajustado', 'Fech. ajust.'],
  nl: ['Aangepaste slotkoers'],
  pl: ['Zamknięcie skorygowane'],
  ru: ['Скорректированное закрытие'],
  tr: ['Düzeltilmiş Kapanış', 'Düzeltilmiş kapanış'],
  zh: ['复权收盘价', '調整後收盤價', '后复权收盘价', '前复权收盘价'],
  ja: ['調整後終値'],
});

/**
 * Volume (traded quantity, not turnover: 成交额, 売買代金, Umsatz in Euro and ariva's "Volumen"
 * beside "Stücke" are money). Piece counts come before words that some sites use for turnover.
 */
export const VOLUME_NAMES = names({
  en: ['volume', 'vol', 'v', 'base volume', 'qty', 'quantity'],
  de: ['Stücke', 'Stuecke', 'Stück', 'Umsatz in Stück', 'Umsatz Stück', 'Volumen', 'Vol.'],
  fr: ['Volume', 'Vol.', 'Quantité', 'Titres échangés'],
  es: ['Volumen', 'Vol.', 'Cantidad'],
  it: ['Volume', 'Vol.', 'Quantità'],
  pt: ['Volume', 'Vol.', 'Quantidade', 'Quantidade negociada'],
  nl: ['Volume', 'Vol.', 'Aantal'],
  pl: ['Wolumen', 'Wol.', 'Wolumen obrotu'],
  ru: ['Объем', 'Объём', 'Объем торгов', 'Объём торгов', 'Кол-во'],
  tr: ['Hacim', 'Hac.', 'İşlem Hacmi'],
  zh: ['成交量', '交易量', '成交股数', '成交股數', '成交数量'],
  ja: ['出来高', '売買高'],
});

export const TICK_VOLUME_NAMES = names({
  en: ['tickvol', 'tick volume', 'tick vol', 'real volume', 'realvol'],
});

/** A column naming the market (its first value becomes the symbol when none is given). */
export const SYMBOL_NAMES = names({
  en: ['symbol', 'ticker', 'pair', 'instrument', 'market'],
  de: ['Symbol', 'Kürzel', 'Wertpapier'],
  fr: ['Symbole', 'Mnémonique'],
  es: ['Símbolo', 'Ticker'],
  it: ['Simbolo'],
  pt: ['Símbolo', 'Código', 'Ativo'],
  nl: ['Symbool'],
  pl: ['Symbol', 'Walor'],
  ru: ['Тикер', 'Инструмент'],
  tr: ['Sembol', 'Hisse'],
  zh: ['代码', '股票代码', '代碼', '股票代碼', '证券代码'],
  ja: ['銘柄コード', 'コード', '銘柄'],
});

/** The first of `table` found in the normalized header `header`: its column, or −1. */
export function findColumn(header: readonly string[], table: readonly string[]): number {
  for (const name of table) {
    const i = header.indexOf(name);
    if (i >= 0) return i;
  }
  return -1;
}
