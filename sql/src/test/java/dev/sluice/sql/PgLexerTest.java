package dev.sluice.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PgLexerTest {

    private static List<Token> significant(String sql) {
        return PgLexer.tokenize(sql).stream().filter(t -> t.kind() != TokenKind.COMMENT).toList();
    }

    private static List<TokenKind> kinds(String sql) {
        return PgLexer.tokenize(sql).stream().map(Token::kind).toList();
    }

    private static List<String> values(String sql) {
        return significant(sql).stream().map(Token::value).toList();
    }

    @Test
    void foldsUnquotedWordsAndKeepsQuotedIdentifiersExact() {
        List<Token> tokens = significant("SELECT \"MixedCase\", Foo, \"a\"\"b\" FROM T");
        assertThat(tokens).extracting(Token::kind).containsExactly(TokenKind.WORD, TokenKind.QUOTED_IDENTIFIER,
                TokenKind.PUNCTUATION, TokenKind.WORD, TokenKind.PUNCTUATION, TokenKind.QUOTED_IDENTIFIER,
                TokenKind.WORD, TokenKind.WORD);
        assertThat(tokens).extracting(Token::value).containsExactly("select", "MixedCase", ",", "foo", ",", "a\"b", "from", "t");
        assertThat(tokens.get(1).start()).isEqualTo(7);
        assertThat(tokens.get(1).end()).isEqualTo(18);
    }

    @Test
    void foldsOnlyAsciiLettersLikeTheServer() {
        // U+212A KELVIN SIGN lower-cases to 'k' in Java but PostgreSQL keeps it.
        assertThat(values("\u212AILL")).containsExactly("\u212Aill");
    }

    @Test
    void treatsFormFeedAndVerticalTabAsWhitespace() {
        assertThat(values("SELECT\f1\u000B,\r\n2")).containsExactly("select", "1", ",", "2");
    }

    @Test
    void lineCommentEndsAtCarriageReturn() {
        List<Token> tokens = PgLexer.tokenize("SELECT 1 -- hidden\rDROP TABLE x");
        assertThat(tokens).extracting(Token::kind).containsExactly(TokenKind.WORD, TokenKind.NUMBER, TokenKind.COMMENT,
                TokenKind.WORD, TokenKind.WORD, TokenKind.WORD);
        assertThat(tokens.get(2).text()).isEqualTo("-- hidden");
    }

    @Test
    void blockCommentsNest() {
        List<Token> tokens = PgLexer.tokenize("SELECT /* a /* b */ still comment; */ 1");
        assertThat(tokens).extracting(Token::kind).containsExactly(TokenKind.WORD, TokenKind.COMMENT, TokenKind.NUMBER);
        assertThat(tokens.get(1).text()).isEqualTo("/* a /* b */ still comment; */");
    }

    @Test
    void unterminatedNestedCommentIsAnErrorToTheEnd() {
        List<Token> tokens = PgLexer.tokenize("SELECT 1 /* a /* b */ ; DROP TABLE x");
        assertThat(tokens.getLast().kind()).isEqualTo(TokenKind.ERROR);
        assertThat(tokens.getLast().end()).isEqualTo(36);
    }

    @Test
    void stringsDoubleQuotesAndDoNotEscapeBackslashesByDefault() {
        List<Token> tokens = significant("'it''s' 'a\\'");
        assertThat(tokens).extracting(Token::kind).containsExactly(TokenKind.STRING, TokenKind.STRING);
        assertThat(tokens).extracting(Token::value).containsExactly("it's", "a\\");
    }

    @Test
    void backslashEscapesPlainStringsWhenStandardConformingStringsIsOff() {
        List<Token> tokens = PgLexer.tokenize("'a\\'; DROP' x", false);
        assertThat(tokens).extracting(Token::kind).containsExactly(TokenKind.ESCAPE_STRING, TokenKind.WORD);
        assertThat(tokens.getFirst().value()).isEqualTo("a'; DROP");
    }

    @Test
    void escapeStringHonoursBackslashQuote() {
        List<Token> tokens = significant("E'a\\'b;c' ; e'\\n\\x41\\101\\u00e9'");
        assertThat(tokens).extracting(Token::kind).containsExactly(TokenKind.ESCAPE_STRING, TokenKind.PUNCTUATION, TokenKind.ESCAPE_STRING);
        assertThat(tokens.get(0).value()).isEqualTo("a'b;c");
        assertThat(tokens.get(2).value()).isEqualTo("\nAA\u00e9");
    }

    @Test
    void unicodeEscapeStringsDecode() {
        assertThat(significant("U&'\\0044ROP'").getFirst()).satisfies(t -> {
            assertThat(t.kind()).isEqualTo(TokenKind.UNICODE_STRING);
            assertThat(t.value()).isEqualTo("DROP");
        });
        assertThat(significant("u&'\\+01F600x'").getFirst().value()).isEqualTo("\uD83D\uDE00x");
        assertThat(significant("U&'d!0061t!+000061' UESCAPE '!'")).singleElement()
                .satisfies(t -> assertThat(t.value()).isEqualTo("data"));
        assertThat(significant("U&\"pg\\005fread_file\"(1)").getFirst()).satisfies(t -> {
            assertThat(t.kind()).isEqualTo(TokenKind.QUOTED_IDENTIFIER);
            assertThat(t.value()).isEqualTo("pg_read_file");
        });
    }

    @Test
    void invalidUnicodeEscapesAreErrors() {
        assertThat(kinds("U&'\\zz'")).containsExactly(TokenKind.ERROR);
        assertThat(kinds("U&'\\0000'")).containsExactly(TokenKind.ERROR);
        assertThat(kinds("U&'\\D800'")).containsExactly(TokenKind.ERROR);
        assertThat(kinds("U&'x' UESCAPE 'a'")).containsExactly(TokenKind.ERROR);
    }

    @Test
    void dollarQuotesWithAndWithoutTags() {
        List<Token> tokens = significant("$$a; 'b'$$ $fn$ $$ ; $fn$ $1 $2::int");
        assertThat(tokens).extracting(Token::kind).containsExactly(TokenKind.DOLLAR_STRING, TokenKind.DOLLAR_STRING,
                TokenKind.PARAMETER, TokenKind.PARAMETER, TokenKind.PUNCTUATION, TokenKind.WORD);
        assertThat(tokens).extracting(Token::value).startsWith("a; 'b'", " $$ ; ", "$1", "$2");
    }

    @Test
    void dollarSignsInsideIdentifiersAreNotQuotes() {
        assertThat(values("a$b$ $_x1$body$_x1$")).containsExactly("a$b$", "body");
    }

    @Test
    void unterminatedDollarQuoteAndStrayDollarAreErrors() {
        assertThat(kinds("SELECT $tag$ body; DROP")).containsExactly(TokenKind.WORD, TokenKind.ERROR);
        assertThat(kinds("$x")).containsExactly(TokenKind.ERROR, TokenKind.WORD);
        assertThat(kinds("$1abc")).containsExactly(TokenKind.ERROR);
    }

    @Test
    void unterminatedStringsAndIdentifiersAreErrors() {
        assertThat(kinds("SELECT 'abc; DROP TABLE x")).containsExactly(TokenKind.WORD, TokenKind.ERROR);
        assertThat(kinds("SELECT E'abc\\'")).containsExactly(TokenKind.WORD, TokenKind.ERROR);
        assertThat(kinds("SELECT \"abc")).containsExactly(TokenKind.WORD, TokenKind.ERROR);
        assertThat(kinds("SELECT \"\"")).containsExactly(TokenKind.WORD, TokenKind.ERROR);
    }

    @Test
    void numericLiteralForms() {
        assertThat(significant("42 3.5 .5 4. 1e10 1.5E-3 0x1F 0o17 0b101 1_000_000 0x_FF"))
                .allSatisfy(t -> assertThat(t.kind()).isEqualTo(TokenKind.NUMBER)).hasSize(11);
        assertThat(values("1..10")).containsExactly("1", "..", "10");
    }

    @Test
    void trailingJunkAfterNumbersIsAnError() {
        assertThat(kinds("123abc")).containsExactly(TokenKind.ERROR);
        assertThat(kinds("0x")).containsExactly(TokenKind.ERROR);
        assertThat(kinds("1__0")).containsExactly(TokenKind.ERROR);
        assertThat(kinds("1e+")).containsExactly(TokenKind.ERROR);
    }

    @Test
    void operatorsFollowTheServerRules() {
        assertThat(values("a=-1")).containsExactly("a", "=", "-", "1");
        assertThat(values("a @- b")).containsExactly("a", "@-", "b");
        assertThat(values("a <> b != c >= d || e")).containsExactly("a", "<>", "b", "!=", "c", ">=", "d", "||", "e");
        assertThat(kinds("a+/*c*/b")).containsExactly(TokenKind.WORD, TokenKind.OPERATOR, TokenKind.COMMENT, TokenKind.WORD);
        assertThat(kinds("a*--c\nb")).containsExactly(TokenKind.WORD, TokenKind.OPERATOR, TokenKind.COMMENT, TokenKind.WORD);
    }

    @Test
    void punctuation() {
        assertThat(values("x::int[1] := (a, b);")).containsExactly("x", "::", "int", "[", "1", "]", ":=", "(", "a", ",", "b", ")", ";");
    }

    @Test
    void stringConstantsContinueAcrossNewlines() {
        List<Token> tokens = significant("SELECT 'foo'\n  'bar', 'a' 'b'");
        assertThat(tokens.get(1).value()).isEqualTo("foobar");
        assertThat(tokens).hasSize(5);
    }

    @Test
    void bitStringsAndNationalStrings() {
        assertThat(significant("B'1010' X'1F' N'abc'")).extracting(Token::kind)
                .containsExactly(TokenKind.BIT_STRING, TokenKind.BIT_STRING, TokenKind.STRING);
    }

    @Test
    void nulAndStrayCharactersAreErrorsButInsideStringsAreContent() {
        assertThat(kinds("SELECT \u0000 1")).containsExactly(TokenKind.WORD, TokenKind.ERROR, TokenKind.NUMBER);
        assertThat(kinds("SELECT '\u0000'")).containsExactly(TokenKind.WORD, TokenKind.STRING);
        assertThat(kinds("\\d {")).containsExactly(TokenKind.ERROR, TokenKind.WORD, TokenKind.ERROR);
    }

    @Test
    void lexesOneMegabyteQuickly() {
        String statement = "SELECT a, 'text', 1.5, \"Q\" FROM t WHERE b = $1 /* c */ -- x\n".repeat(17_000);
        String unterminated = "/*" + "/*".repeat(500_000);
        String dollarTags = "$a$" + "$a_".repeat(350_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(PgLexer.tokenize(statement)).hasSizeGreaterThan(100_000);
            assertThat(kinds(unterminated)).containsExactly(TokenKind.ERROR);
            assertThat(kinds(dollarTags)).containsExactly(TokenKind.ERROR);
        });
    }

    @Test
    void neverThrowsOnArbitraryInput() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "'\"$eEuU&\\/*-+;()[]:.0x1_ \n\r\f\u000Babc\u0000\u00e9UESCAPE";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sql = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                sql.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            List<Token> tokens = PgLexer.tokenize(sql.toString());
            int previousEnd = 0;
            for (Token token : tokens) {
                assertThat(token.start()).isGreaterThanOrEqualTo(previousEnd);
                assertThat(token.end()).isGreaterThan(token.start());
                previousEnd = token.end();
            }
            Normalizer.normalize(sql.toString());
            StatementClassifier.classify(sql.toString());
        }
    }
}
