package dev.sluice.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code COPY table [(columns)] TO STDOUT} statement with the options that decide how its rows are laid out
 * (<a href="https://www.postgresql.org/docs/current/sql-copy.html">COPY</a>): both the current option list
 * {@code [WITH] (FORMAT csv, HEADER, DELIMITER ',', ...)} and the pre-9.0 syntax
 * ({@code [WITH] [BINARY] [DELIMITER [AS] ','] [NULL [AS] ''] [CSV [HEADER] [QUOTE ...] [ESCAPE ...]]}).
 *
 * <p>{@link #parse} recognises only this relation form: {@code COPY (query) TO}, {@code COPY ... FROM}, a file or
 * program, a catalog-qualified name, an option it does not know or a malformed one all give an empty result, so a
 * caller relying on the layout never guesses it.
 *
 * @param schema    the schema as written (case-folded unless quoted), or null when unqualified
 * @param table     the table name (case-folded unless quoted)
 * @param columns   the column list as written (case-folded unless quoted); empty when none was given
 * @param format    the row format
 * @param delimiter the field separator
 * @param nullText  how NULL is written
 * @param quote     CSV quote character
 * @param escape    CSV escape character
 * @param header    whether the first row holds the column names
 * @param encoding  the ENCODING option, or null when not given (the client encoding applies)
 */
public record CopyStatement(
        String schema,
        String table,
        List<String> columns,
        Format format,
        char delimiter,
        String nullText,
        char quote,
        char escape,
        boolean header,
        String encoding) {

    /** Row formats of COPY. */
    public enum Format { TEXT, CSV, BINARY }

    public CopyStatement {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(nullText, "nullText");
        columns = List.copyOf(columns);
    }

    /** Parses a text holding one statement (a trailing semicolon is allowed). */
    public static Optional<CopyStatement> parse(String sql) {
        return parse(PgLexer.tokenize(sql));
    }

    /** Parses one statement's tokens; comments are ignored. */
    public static Optional<CopyStatement> parse(List<Token> statementTokens) {
        try {
            return Optional.ofNullable(new Parser(StatementClassifier.withoutComments(statementTokens)).statement());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A recursive-descent reader over the tokens; every unexpected token ends it with null. */
    private static final class Parser {
        private final List<Token> tokens;
        private int at;
        private String schema;
        private String table;
        private final List<String> columns = new ArrayList<>();
        private Format format = Format.TEXT;
        private Character delimiter;
        private String nullText;
        private Character quote;
        private Character escape;
        private boolean header;
        private String encoding;

        Parser(List<Token> tokens) {
            List<Token> trimmed = new ArrayList<>(tokens);
            while (!trimmed.isEmpty() && trimmed.getLast().isSymbol(";")) {
                trimmed.removeLast();
            }
            this.tokens = trimmed;
        }

        CopyStatement statement() {
            if (!word("copy")) {
                return null;
            }
            if (word("binary")) {
                format = Format.BINARY;
            }
            String first = name();
            if (first == null) {
                return null;
            }
            if (symbol(".")) {
                schema = first;
                table = name();
                if (table == null || peekSymbol(".")) {
                    return null;
                }
            } else {
                table = first;
            }
            if (symbol("(")) {
                do {
                    String column = name();
                    if (column == null) {
                        return null;
                    }
                    columns.add(column);
                } while (symbol(","));
                if (!symbol(")")) {
                    return null;
                }
            }
            if (!word("to") || !word("stdout")) {
                return null;
            }
            if (!options()) {
                return null;
            }
            if (at != tokens.size() || format == Format.TEXT && (quote != null || escape != null)) {
                return null;
            }
            boolean csv = format == Format.CSV;
            char delim = delimiter != null ? delimiter : csv ? ',' : '\t';
            char q = quote != null ? quote : '"';
            return new CopyStatement(schema, table, columns, format, delim,
                    nullText != null ? nullText : csv ? "" : "\\N", q, escape != null ? escape : q, header, encoding);
        }

        private boolean options() {
            boolean with = word("with");
            if (symbol("(")) {
                do {
                    if (!option()) {
                        return false;
                    }
                } while (symbol(","));
                return symbol(")");
            }
            return at == tokens.size() ? !with : legacyOptions();
        }

        /** One option of the parenthesised list. */
        private boolean option() {
            Token name = next();
            if (name == null || name.kind() != TokenKind.WORD) {
                return false;
            }
            return switch (name.value()) {
                case "format" -> {
                    Token value = next();
                    String f = value == null ? "" : value.value().toLowerCase(Locale.ROOT);
                    format = switch (f) {
                        case "text" -> Format.TEXT;
                        case "csv" -> Format.CSV;
                        case "binary" -> Format.BINARY;
                        default -> null;
                    };
                    yield format != null;
                }
                case "delimiter" -> (delimiter = character()) != null;
                case "quote" -> (quote = character()) != null;
                case "escape" -> (escape = character()) != null;
                case "null" -> (nullText = string()) != null;
                case "encoding" -> (encoding = string()) != null;
                case "header" -> {
                    Boolean value = optionalBoolean();
                    header = value != null && value;
                    yield value != null;
                }
                default -> false; // FORCE_QUOTE and the rest: not needed to read rows, but unknown here
            };
        }

        private boolean legacyOptions() {
            boolean any = false;
            while (at < tokens.size()) {
                if (word("binary")) {
                    format = Format.BINARY;
                } else if (word("delimiter")) {
                    word("as");
                    if ((delimiter = character()) == null) {
                        return false;
                    }
                } else if (word("null")) {
                    word("as");
                    if ((nullText = string()) == null) {
                        return false;
                    }
                } else if (word("csv")) {
                    format = Format.CSV;
                } else if (word("header")) {
                    header = true;
                } else if (word("quote")) {
                    word("as");
                    if ((quote = character()) == null) {
                        return false;
                    }
                } else if (word("escape")) {
                    word("as");
                    if ((escape = character()) == null) {
                        return false;
                    }
                } else {
                    return false;
                }
                any = true;
            }
            return any;
        }

        private Boolean optionalBoolean() {
            if (at == tokens.size() || tokens.get(at).isSymbol(",") || tokens.get(at).isSymbol(")")) {
                return true;
            }
            Token value = next();
            return switch (value.value().toLowerCase(Locale.ROOT)) {
                case "true", "on", "1" -> true;
                case "false", "off", "0" -> false;
                default -> null;
            };
        }

        private Character character() {
            String text = string();
            return text == null || text.length() != 1 ? null : text.charAt(0);
        }

        private String string() {
            Token token = next();
            return token != null && token.kind().isString() && token.kind() != TokenKind.BIT_STRING
                    ? token.value() : null;
        }

        private String name() {
            Token token = next();
            if (token == null) {
                return null;
            }
            return token.kind() == TokenKind.WORD || token.kind() == TokenKind.QUOTED_IDENTIFIER ? token.value() : null;
        }

        private boolean word(String word) {
            if (at < tokens.size() && tokens.get(at).isWord(word)) {
                at++;
                return true;
            }
            return false;
        }

        private boolean symbol(String symbol) {
            if (peekSymbol(symbol)) {
                at++;
                return true;
            }
            return false;
        }

        private boolean peekSymbol(String symbol) {
            return at < tokens.size() && tokens.get(at).isSymbol(symbol);
        }

        private Token next() {
            return at < tokens.size() ? tokens.get(at++) : null;
        }
    }
}
