package io.cachectl.output;

import java.util.ArrayList;
import java.util.List;

/** An aligned text table: text columns left-aligned, numeric columns right-aligned. */
public final class Table {
    private final String[] headers;
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    /** Headers ending with '>' are right-aligned (the '>' is not printed). */
    public Table(String... headers) {
        this.headers = new String[headers.length];
        this.rightAligned = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            rightAligned[i] = headers[i].endsWith(">");
            this.headers[i] = rightAligned[i] ? headers[i].substring(0, headers[i].length() - 1) : headers[i];
        }
    }

    public Table row(String... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("expected " + headers.length + " cells, got " + cells.length);
        }
        rows.add(cells);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Renders with the header in bold (when the style has colour) and two spaces between columns. */
    public List<String> render(Style style, String indent) {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], Style.strip(row[i]).length());
            }
        }
        List<String[]> shown = fit(widths, style.width() > 0 ? style.width() - indent.length() : 0);
        List<String> lines = new ArrayList<>();
        lines.add(indent + style.bold(line(headers, widths)));
        for (String[] row : shown) {
            lines.add(indent + line(row, widths));
        }
        return lines;
    }

    /** Narrowest a shortened column gets. */
    private static final int MIN_COLUMN = 16;

    /**
     * The rows to print in {@code room} columns (0 = any width): when the table is wider, its widest
     * text column (a key name, a namespace) is shortened in the middle with an ellipsis, so that each
     * row stays on one line and keeps both the prefix and the id that tell keys apart.
     */
    private List<String[]> fit(int[] widths, int room) {
        int total = 2 * (widths.length - 1);
        for (int w : widths) {
            total += w;
        }
        int widest = -1;
        for (int i = 0; i < widths.length; i++) {
            if (!rightAligned[i] && (widest < 0 || widths[i] > widths[widest])) {
                widest = i;
            }
        }
        if (room <= 0 || total <= room || widest < 0 || widths[widest] <= MIN_COLUMN) {
            return rows;
        }
        int target = Math.max(MIN_COLUMN, widths[widest] - (total - room));
        widths[widest] = Math.max(target, headers[widest].length());
        List<String[]> out = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            String[] copy = row.clone();
            String cell = copy[widest];
            if (cell != null && cell.length() > widths[widest] && Style.strip(cell).equals(cell)) {
                int keep = widths[widest] - 1;
                copy[widest] = cell.substring(0, keep / 2) + "…" + cell.substring(cell.length() - (keep - keep / 2));
            }
            out.add(copy);
        }
        return out;
    }

    private String line(String[] cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i] == null ? "" : cells[i];
            int pad = widths[i] - Style.strip(cell).length();
            if (i > 0) {
                sb.append("  ");
            }
            if (rightAligned[i]) {
                sb.append(" ".repeat(pad)).append(cell);
            } else {
                sb.append(cell);
                if (i < cells.length - 1) {
                    sb.append(" ".repeat(pad));
                }
            }
        }
        return sb.toString().stripTrailing();
    }
}
