/**
 * Fixed-width text tables: the header is printed first and rows as they arrive, so a table can
 * follow a `Stream` without holding it.
 */
import { stripAnsi } from "./Terminal.js"

/** One column: its title, width in characters and alignment. */
export interface Column {
  readonly header: string
  readonly width: number
  readonly align?: "left" | "right"
}

/** A cell: its text and an optional style applied after padding (so colours never break alignment). */
export type Cell = string | { readonly text: string; readonly style: (text: string) => string }

const pad = (text: string, width: number, align: "left" | "right") => {
  const visible = stripAnsi(text)
  const clipped = visible.length > width ? `${visible.slice(0, Math.max(0, width - 1))}…` : text
  const fill = " ".repeat(Math.max(0, width - stripAnsi(clipped).length))
  return align === "right" ? `${fill}${clipped}` : `${clipped}${fill}`
}

const GAP = "  "

/** The header line. */
export const header = (columns: ReadonlyArray<Column>): string =>
  columns
    .map((column) => pad(column.header, column.width, column.align ?? "left"))
    .join(GAP)
    .trimEnd()

/** The rule under the header. */
export const rule = (columns: ReadonlyArray<Column>): string =>
  columns.map((column) => "─".repeat(column.width)).join(GAP)

/** One row; missing cells are blank. */
export const row = (columns: ReadonlyArray<Column>, cells: ReadonlyArray<Cell>): string =>
  columns
    .map((column, i) => {
      const cell = cells[i] ?? ""
      const align = column.align ?? "left"
      return typeof cell === "string"
        ? pad(cell, column.width, align)
        : cell.style(pad(cell.text, column.width, align))
    })
    .join(GAP)
    .trimEnd()
