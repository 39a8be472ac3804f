import { describe, expect, it } from 'vitest';
import { normalizeHeader } from './header-names';
import { detect } from './sniff';

describe('normalizeHeader', () => {
  it.each([
    ['<DATE>', 'date'],
    ['Open_Time', 'open time'],
    ['Eröffn.', 'eroffn'],
    ['Açılış', 'acilis'],
    ['KAPANIŞ', 'kapanis'],
    ['Zamknięcie', 'zamkniecie'],
    ['Najwyższy', 'najwyzszy'],
    ['Объём', 'объем'],
    ['Close (USD)', 'close'],
    ['Volumen [Stk.]', 'volumen'],
    ['成交量(手)', '成交量'],
    ['成交量（手）', '成交量'],
    ['始値【円】', '始値'],
    ['Ｏｐｅｎ', 'open'],
    ['Stücke', 'stucke'],
    // a bracket holding % stays: a change column must never read as the price it is named after
    ['Close (%)', 'close %'],
    ['涨跌幅(%)', '涨跌幅 %'],
  ])('%s → %s', (raw, normalized) => {
    expect(normalizeHeader(raw)).toBe(normalized);
  });
});

/** Field → column, as detection maps a header: time, timeOfDay, open, high, low, close, volume. */
const mapped = (header: string, rows: readonly string[], delimiter = ',') => {
  const { dialect } = detect([header, ...rows].join('\n') + '\n', true, { delimiter });
  const c = dialect.columns;
  return [c.time, c.timeOfDay, c.open, c.high, c.low, c.close, c.volume];
};

// Headers as exports in each language write them. investing.com's values (quoted, decimal comma,
// thousands dots, "1,2M" volumes) are read in fixtures.test.ts; here only the header matters, so
// every row is the same plain one.
const INVESTING_ROW = '"22.07.2019","10","10","11","9","100","-0,08%"';
const ROW = ['2024-01-02', '10', '11', '9', '10', '100'];

describe('headers in the trader’s language', () => {
  it.each([
    // investing.com: date, last (the close), open, high, low, volume, change %
    ['en investing', '"Date","Price","Open","High","Low","Vol.","Change %"'],
    ['de investing', '"Datum","Zuletzt","Eröffn.","Hoch","Tief","Vol.","+/- %"'],
    ['fr investing', '"Date","Dernier","Ouv."," Plus Haut","Plus Bas","Vol.","Variation %"'],
    ['es investing', '"Fecha","Último","Apertura","Máximo","Mínimo","Vol.","% var."'],
    ['it investing', '"Data","Ultimo","Apertura","Massimo","Minimo","Vol.","Var. %"'],
    ['pt investing', '"Data","Último","Abertura","Máxima","Mínima","Vol.","Var%"'],
    ['ru investing', '"Дата","Цена","Откр.","Макс.","Мин.","Объём","Изм. %"'],
    ['tr investing', '"Tarih","Şimdi","Açılış","Yüksek","Düşük","Hac.","Fark %"'],
    ['pl investing', '"Data","Ostatnio","Otwarcie","Max.","Min.","Wol.","Zmiana%"'],
    ['nl investing', '"Datum","Laatst","Openen","Hoog","Laag","Vol.","+/- %"'],
    ['zh investing', '"日期","收盘","开盘","高","低","交易量","涨跌幅"'],
    ['ja investing', '"日付け","終値","始値","高値","安値","出来高","変化率 %"'],
  ])('%s', (_, header) => {
    expect(mapped(header, [INVESTING_ROW, INVESTING_ROW])).toEqual([0, -1, 2, 3, 4, 1, 5]);
  });

  it.each([
    ['de onvista', 'Datum;Eröffnung;Hoch;Tief;Schluss;Volumen'],
    ['de boerse-frankfurt', 'Datum;Eröffnung;Tageshoch;Tagestief;Schlusskurs;Umsatz in Stück'],
    ['fr', 'Date;Ouverture;Plus haut;Plus bas;Clôture;Volume'],
    ['es', 'Fecha;Apertura;Máximo;Mínimo;Cierre;Volumen'],
    ['it', 'Data;Apertura;Massimo;Minimo;Chiusura;Volume'],
    ['pt-BR', 'Data;Abertura;Máxima;Mínima;Fechamento;Volume'],
    ['nl', 'Datum;Openingskoers;Hoog;Laag;Slotkoers;Volume'],
    ['pl', 'Data;Otwarcie;Najwyższy;Najniższy;Zamknięcie;Wolumen'],
    ['ru', 'Дата;Открытие;Максимум;Минимум;Закрытие;Объем'],
    ['tr', 'Tarih;Açılış;Yüksek;Düşük;Kapanış;Hacim'],
    ['zh-Hans', '日期;开盘;最高;最低;收盘;成交量'],
    ['zh-Hans prices', '日期;开盘价;最高价;最低价;收盘价;成交量'],
    ['zh-Hant', '日期;開盤價;最高價;最低價;收盤價;成交量'],
    ['ja', '日付;始値;高値;安値;終値;出来高'],
    ['units', 'Date (UTC);Open (USD);High (USD);Low (USD);Close (USD);Volume (BTC)'],
    ['upper case, full width', 'ＤＡＴＥ;ＯＰＥＮ;ＨＩＧＨ;ＬＯＷ;ＣＬＯＳＥ;ＶＯＬＵＭＥ'],
  ])('%s', (_, header) => {
    expect(mapped(header, [ROW.join(';'), ROW.join(';')], ';')).toEqual([0, -1, 1, 2, 3, 4, 5]);
  });

  it('takes a date and a time-of-day column in any language', () => {
    const rows = ['03.01.2024;10:00:00;1;2;0,5;1,5;7', '03.01.2024;11:00:00;1;2;0,5;1,5;7'];
    for (const header of [
      'Datum;Zeit;Eröffnung;Hoch;Tief;Schluss;Volumen',
      'Date;Heure;Ouverture;Plus haut;Plus bas;Clôture;Volume',
      'Fecha;Hora;Apertura;Máximo;Mínimo;Cierre;Volumen',
      'Дата;Время;Открытие;Максимум;Минимум;Закрытие;Объем',
      'Tarih;Saat;Açılış;Yüksek;Düşük;Kapanış;Hacim',
      '日期;时间;开盘;最高;最低;收盘;成交量',
      '日付;時刻;始値;高値;安値;終値;出来高',
    ]) {
      expect(mapped(header, rows, ';'), header).toEqual([0, 1, 2, 3, 4, 5, 6]);
    }
  });

  it('never takes a change, turnover or adjusted column for a price or the volume', () => {
    // akshare: 成交额 is turnover, 涨跌幅 / 涨跌额 are changes
    expect(mapped('日期,开盘,收盘,最高,最低,成交额,成交量,振幅,涨跌幅,涨跌额', ['2024-01-02,9,9,9,9,1,2,0,0,0', '2024-01-03,9,9,9,9,1,2,0,0,0'])).toEqual([0, -1, 1, 3, 4, 2, 6]);
    // ariva: Stücke is the volume, Volumen the turnover in euro
    expect(mapped('Datum;Erster;Hoch;Tief;Schlusskurs;Stuecke;Volumen', ['2024-01-02;1;2;0,5;1,5;7;8', '2024-01-03;1;2;0,5;1,5;7;8'], ';')).toEqual([0, -1, 1, 2, 3, 4, 5]);
    // a close column beside the "last"-style one: the close wins
    expect(mapped('Datum;Zuletzt;Eröffnung;Hoch;Tief;Schluss', ['2024-01-02;1;2;3;0,5;1,5', '2024-01-03;1;2;3;0,5;1,5'], ';')).toEqual([0, -1, 2, 3, 4, 5, -1]);
    // Close (%) is a change, so there is no close here
    expect(() => mapped('Date,Open,High,Low,Close (%)', ['2024-01-02,1,2,0.5,3', '2024-01-03,1,2,0.5,3'])).toThrow(/header not understood/);
  });
});
