import { PDFDocument, StandardFonts, rgb, type Color, type PDFFont, type PDFPage } from 'pdf-lib';
import { toWinAnsi } from './format';

/**
 * A4 pages filled top to bottom: a cursor (`y`, in PDF points from the page bottom) moves down as
 * blocks are placed, and a block that does not fit starts a new page. Tables repeat their header
 * on each page they span. Every string goes through toWinAnsi (standard fonts only).
 */

export const A4: readonly [number, number] = [595.28, 841.89];
export const MARGIN = 40;
const FOOTER = 24;

export const INK = rgb(0.1, 0.1, 0.12);
export const MUTED = rgb(0.42, 0.42, 0.46);
export const RULE = rgb(0.8, 0.8, 0.83);
export const ZEBRA = rgb(0.955, 0.96, 0.97);

export interface TextStyle {
  readonly size?: number;
  readonly bold?: boolean;
  readonly color?: Color;
  /** Truncate with "..." to this width. */
  readonly maxWidth?: number;
  readonly align?: 'left' | 'right' | 'center';
}

export interface Column {
  readonly header: string;
  readonly width: number;
  readonly align?: 'left' | 'right' | 'center';
}

export interface TableOptions {
  readonly size?: number;
  readonly rowHeight?: number;
  /** Background of one cell; undefined leaves the zebra stripe. */
  readonly cellFill?: (row: number, column: number) => Color | undefined;
  /** Text colour of one cell; undefined is the default ink. */
  readonly cellColor?: (row: number, column: number) => Color | undefined;
}

export class ReportWriter {
  page!: PDFPage;
  /** Top of the free space on the current page. */
  y = 0;
  readonly left = MARGIN;
  readonly width = A4[0] - 2 * MARGIN;

  private constructor(
    readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.newPage();
  }

  static async create(): Promise<ReportWriter> {
    // updateMetadata off: the caller sets fixed dates, so the same run gives the same bytes.
    const doc = await PDFDocument.create({ updateMetadata: false });
    const regular = await doc.embedFont(StandardFonts.Helvetica);
    const bold = await doc.embedFont(StandardFonts.HelveticaBold);
    return new ReportWriter(doc, regular, bold);
  }

  newPage(): void {
    this.page = this.doc.addPage([...A4]);
    this.y = A4[1] - MARGIN;
  }

  /** Starts a new page unless `height` points fit above the footer. */
  ensure(height: number): void {
    if (this.y - height < MARGIN + FOOTER) this.newPage();
  }

  gap(points: number): void {
    this.y -= points;
  }

  font(bold = false): PDFFont {
    return bold ? this.bold : this.regular;
  }

  measure(text: string, size: number, bold = false): number {
    return this.font(bold).widthOfTextAtSize(toWinAnsi(text), size);
  }

  /** Draws one line with its baseline at `baseline`; `x` is the left, right or centre edge per `align`. */
  text(text: string, x: number, baseline: number, style: TextStyle = {}): void {
    const size = style.size ?? 9;
    const font = this.font(style.bold);
    const line = style.maxWidth === undefined ? toWinAnsi(text) : fitTo(toWinAnsi(text), font, size, style.maxWidth);
    const width = font.widthOfTextAtSize(line, size);
    const left = style.align === 'right' ? x - width : style.align === 'center' ? x - width / 2 : x;
    this.page.drawText(line, { x: left, y: baseline, size, font, color: style.color ?? INK });
  }

  /** Splits text into lines no wider than `width` (at word breaks; a longer word is cut). */
  wrap(text: string, width: number, size: number, bold = false): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of toWinAnsi(text).split(' ')) {
      const candidate = line ? `${line} ${word}` : word;
      if (this.font(bold).widthOfTextAtSize(candidate, size) <= width) line = candidate;
      else {
        if (line) lines.push(line);
        line = word;
        while (this.font(bold).widthOfTextAtSize(line, size) > width && line.length > 1) {
          let cut = line.length - 1;
          while (cut > 1 && this.font(bold).widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
          lines.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      }
    }
    if (line) lines.push(line);
    return lines;
  }

  /** A paragraph across the content width. */
  paragraph(text: string, style: TextStyle = {}): void {
    const size = style.size ?? 9;
    for (const line of this.wrap(text, this.width, size, style.bold)) {
      this.ensure(size * 1.4);
      this.y -= size * 1.4;
      this.text(line, this.left, this.y + size * 0.3, style);
    }
  }

  /** A section title with a rule under it; keeps at least `keepWith` points of content on the same page. */
  heading(title: string, keepWith = 60): void {
    this.ensure(28 + keepWith);
    this.y -= 18;
    this.text(title, this.left, this.y, { size: 12, bold: true });
    this.y -= 5;
    this.rule(this.left, this.y, this.width);
    this.y -= 8;
  }

  rule(x: number, y: number, width: number, color = RULE, thickness = 0.6): void {
    this.page.drawLine({ start: { x, y }, end: { x: x + width, y }, thickness, color });
  }

  /** Label / value pairs in `columns` columns; a value too long for its cell wraps. */
  keyValues(pairs: readonly (readonly [string, string])[], columns = 2, labelWidth = 88): void {
    const size = 8.5;
    const lineHeight = size * 1.45;
    const columnWidth = this.width / columns;
    for (let start = 0; start < pairs.length; start += columns) {
      const row = pairs.slice(start, start + columns);
      const wrapped = row.map(([, value]) => this.wrap(value, columnWidth - labelWidth - 8, size));
      const height = Math.max(...wrapped.map((lines) => lines.length)) * lineHeight;
      this.ensure(height);
      row.forEach(([label], k) => {
        const x = this.left + k * columnWidth;
        this.text(label, x, this.y - size, { size, color: MUTED, maxWidth: labelWidth - 4 });
        wrapped[k].forEach((line, n) => this.text(line, x + labelWidth, this.y - size - n * lineHeight, { size }));
      });
      this.y -= height;
    }
  }

  /** A table with a bold header, zebra rows, and the header repeated on every page it spans. */
  table(columns: readonly Column[], rows: readonly (readonly string[])[], options: TableOptions = {}): void {
    const size = options.size ?? 8;
    const rowHeight = options.rowHeight ?? size * 1.6;
    const drawHeader = () => {
      this.drawRow(columns, columns.map((c) => c.header), { size, rowHeight, bold: true });
      this.rule(this.left, this.y, this.width, INK, 0.8);
    };
    this.ensure(rowHeight * 3);
    drawHeader();
    rows.forEach((cells, r) => {
      if (this.y - rowHeight < MARGIN + FOOTER) {
        this.newPage();
        drawHeader();
      }
      const fills = columns.map((_, c) => options.cellFill?.(r, c) ?? (r % 2 === 1 ? ZEBRA : undefined));
      const colors = columns.map((_, c) => options.cellColor?.(r, c));
      this.drawRow(columns, cells, { size, rowHeight, fills, colors });
    });
    this.y -= 6;
  }

  private drawRow(
    columns: readonly Column[],
    cells: readonly string[],
    opts: {
      size: number;
      rowHeight: number;
      bold?: boolean;
      fills?: readonly (Color | undefined)[];
      colors?: readonly (Color | undefined)[];
    },
  ): void {
    const pad = 3;
    let x = this.left;
    columns.forEach((column, c) => {
      const fill = opts.fills?.[c];
      if (fill) this.page.drawRectangle({ x, y: this.y - opts.rowHeight, width: column.width, height: opts.rowHeight, color: fill });
      const baseline = this.y - opts.rowHeight + (opts.rowHeight - opts.size) / 2 + 1.5;
      const align = column.align ?? 'left';
      const anchor = align === 'right' ? x + column.width - pad : align === 'center' ? x + column.width / 2 : x + pad;
      this.text(cells[c] ?? '', anchor, baseline, {
        size: opts.size,
        bold: opts.bold,
        align,
        color: opts.colors?.[c],
        maxWidth: column.width - 2 * pad,
      });
      x += column.width;
    });
    this.y -= opts.rowHeight;
  }

  /** "title · page i of n" at the foot of every page; call once all pages exist. */
  footers(title: string): void {
    const pages = this.doc.getPages();
    pages.forEach((page, i) => {
      const size = 7.5;
      const font = this.regular;
      const right = `Page ${i + 1} of ${pages.length}`;
      const left = toWinAnsi(`Barwise backtest report - ${title}`);
      page.drawLine({ start: { x: MARGIN, y: MARGIN + 10 }, end: { x: A4[0] - MARGIN, y: MARGIN + 10 }, thickness: 0.5, color: RULE });
      page.drawText(fitTo(left, font, size, this.width - 80), { x: MARGIN, y: MARGIN, size, font, color: MUTED });
      page.drawText(right, { x: A4[0] - MARGIN - font.widthOfTextAtSize(right, size), y: MARGIN, size, font, color: MUTED });
    });
  }
}

function fitTo(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let line = text;
  while (line.length > 1 && font.widthOfTextAtSize(`${line}...`, size) > width) line = line.slice(0, -1);
  return `${line}...`;
}
