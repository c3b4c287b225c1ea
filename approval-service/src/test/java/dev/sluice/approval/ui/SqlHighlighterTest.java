package dev.sluice.approval.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SqlHighlighterTest {

    @Test
    void spansReproduceTheStatementExactly() {
        for (String sql : List.of("", "   ", "DROP TABLE orders;", "select 'it''s' /* open", "SELECT $x$ a $x$, 1e3 -- c\n",
                "É\u0000\uD83D\uDE00 <b>")) {
            String joined = SqlHighlighter.highlight(sql).stream().map(SqlHighlighter.Span::text)
                    .collect(Collectors.joining());
            assertThat(joined).as(sql).isEqualTo(sql);
        }
    }

    @Test
    void classifiesKeyWordsLiteralsAndCommentsAsTheServerLexes() {
        List<SqlHighlighter.Span> spans = SqlHighlighter.highlight(
                "ALTER TABLE \"Orders\" ADD c int DEFAULT 'x' /* why */ -- really\nWHERE $1 = 42");
        assertThat(spans).contains(new SqlHighlighter.Span("sql-kw", "ALTER"),
                new SqlHighlighter.Span("sql-ident", "\"Orders\""), new SqlHighlighter.Span("sql-str", "'x'"),
                new SqlHighlighter.Span("sql-cmt", "/* why */"), new SqlHighlighter.Span("sql-cmt", "-- really"),
                new SqlHighlighter.Span("sql-param", "$1"), new SqlHighlighter.Span("sql-num", "42"),
                new SqlHighlighter.Span(null, "c"));
        // a quote inside a comment is not a string: the comment swallows it, as in the server
        assertThat(SqlHighlighter.highlight("SELECT 1 -- it's 'fine'")).last()
                .isEqualTo(new SqlHighlighter.Span("sql-cmt", "-- it's 'fine'"));
    }
}
