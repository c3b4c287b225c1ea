package dev.sluice.proxy.postgres.masking;

import java.util.ArrayList;
import java.util.List;

/**
 * Splitting and re-encoding one row of COPY's text and CSV formats as PostgreSQL writes them
 * (<a href="https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2">text</a>,
 * <a href="https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.3">CSV</a>): fields as
 * {@code [start, end)} offsets of their raw text, the row ending in a newline.
 */
final class CopyRows {
    private CopyRows() {}

    /** Text format: fields end at an unescaped delimiter; a backslash escapes the next character. */
    static List<int[]> splitText(String row, char delimiter) {
        int length = lineLength(row);
        List<int[]> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            char c = row.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == delimiter) {
                fields.add(new int[] {start, i});
                start = i + 1;
            }
        }
        if (start > length) {
            return null; // a trailing lone backslash
        }
        fields.add(new int[] {start, length});
        return fields;
    }

    /** CSV: a field is quoted (quote doubled, or escaped with the escape character) or runs to the delimiter. */
    static List<int[]> splitCsv(String row, char delimiter, char quote, char escape) {
        int length = lineLength(row);
        List<int[]> fields = new ArrayList<>();
        int i = 0;
        while (true) {
            int start = i;
            if (i < length && row.charAt(i) == quote) {
                i++;
                boolean closed = false;
                while (i < length) {
                    char c = row.charAt(i);
                    if (c == escape && escape != quote && i + 1 < length
                            && (row.charAt(i + 1) == quote || row.charAt(i + 1) == escape)) {
                        i += 2;
                    } else if (c == quote) {
                        if (escape == quote && i + 1 < length && row.charAt(i + 1) == quote) {
                            i += 2;
                        } else {
                            i++;
                            closed = true;
                            break;
                        }
                    } else {
                        i++;
                    }
                }
                if (!closed || i < length && row.charAt(i) != delimiter) {
                    return null;
                }
            } else {
                while (i < length && row.charAt(i) != delimiter) {
                    i++;
                }
            }
            fields.add(new int[] {start, i});
            if (i >= length) {
                return fields;
            }
            i++; // the delimiter
        }
    }

    /** The row without its line ending (a quoted CSV field may hold newlines; the row's own is the last). */
    private static int lineLength(String row) {
        int length = row.length();
        if (length > 0 && row.charAt(length - 1) == '\n') {
            length--;
            if (length > 0 && row.charAt(length - 1) == '\r') {
                length--;
            }
        }
        return length;
    }

    static String unescapeText(String raw) {
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) {
                out.append(c);
                continue;
            }
            char next = raw.charAt(++i);
            out.append(switch (next) {
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'v' -> '\u000b';
                default -> next;
            });
        }
        return out.toString();
    }

    static String escapeText(String value, char delimiter) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\u000b' -> out.append("\\v");
                default -> {
                    if (c == delimiter) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    static String unquoteCsv(String raw, char quote, char escape) {
        if (raw.isEmpty() || raw.charAt(0) != quote) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 1; i < raw.length() - 1; i++) {
            char c = raw.charAt(i);
            if ((c == escape || c == quote) && i + 1 < raw.length() - 1) {
                out.append(raw.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String quoteCsv(String value, char quote, char escape) {
        StringBuilder out = new StringBuilder(value.length() + 2).append(quote);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == quote || c == escape) {
                out.append(escape);
            }
            out.append(c);
        }
        return out.append(quote).toString();
    }
}
