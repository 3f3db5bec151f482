package io.activity.analytics.usermetrics;

/**
 * Neutralises spreadsheet formulas in CSV cells (OWASP "CSV injection"): a cell starting with
 * = + - @ or a tab or carriage return is prefixed with a single quote, so a spreadsheet shows it
 * as text instead of evaluating it. Quoting of separators is left to the CSV printer.
 */
final class CsvCells {

    private CsvCells() {}

    static Object[] safe(Object[] cells) {
        Object[] out = new Object[cells.length];
        for (int i = 0; i < cells.length; i++) {
            out[i] = cells[i] == null ? null : safe(cells[i].toString());
        }
        return out;
    }

    static String safe(String cell) {
        if (!cell.isEmpty()) {
            char first = cell.charAt(0);
            if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
                return "'" + cell;
            }
        }
        return cell;
    }
}
