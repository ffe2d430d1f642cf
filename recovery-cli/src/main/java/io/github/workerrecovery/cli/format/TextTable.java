package io.github.workerrecovery.cli.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A plain-text table with a header row and columns padded to their widest cell, separated by
 * two spaces, the way {@code ps} and {@code kubectl get} print: easy to read and to cut with
 * {@code awk}. Numeric columns can be right-aligned. Not thread-safe.
 */
public final class TextTable {

    private static final String GAP = "  ";

    private final List<String> headers;
    private final Set<Integer> rightAligned = new HashSet<>();
    private final List<List<String>> rows = new ArrayList<>();

    /** @param headers the column titles */
    public TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    /**
     * @param columns 0-based indexes of the columns to right-align
     * @return this
     */
    public TextTable alignRight(int... columns) {
        Arrays.stream(columns).forEach(rightAligned::add);
        return this;
    }

    /**
     * Adds a row; each cell is printed with {@link String#valueOf(Object)}.
     *
     * @param cells one per column
     * @return this
     * @throws IllegalArgumentException when the number of cells differs from the headers'
     */
    public TextTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("a row needs " + headers.size() + " cells but had " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> Formats.oneLine(String.valueOf(c))).toList());
        return this;
    }

    /** @return whether no row was added */
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** @return the table, one line per row after the header, each ending in a line break */
    public String render() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        rows.forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = Objects.requireNonNull(cells.get(c));
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(c == 0 ? "" : GAP).append(rightAligned.contains(c) ? pad + cell : cell + pad);
        }
        // the last column is padded too when left-aligned; trailing blanks only get in the way
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
