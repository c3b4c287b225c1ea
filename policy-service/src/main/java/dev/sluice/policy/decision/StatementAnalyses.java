package dev.sluice.policy.decision;

import dev.sluice.sql.SqlStatement;
import dev.sluice.sql.StatementClassifier;
import dev.sluice.sql.StatementFacts;
import dev.sluice.sql.StatementSplitter;
import dev.sluice.sql.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The SQL analysis of a query text (its statements, the facts of each), remembered for recently seen texts. The
 * analysis is a pure function of the text — it does not depend on the bundle, the identity or the time — and it
 * is most of a decision's CPU time and nearly all of its allocation (lexing, splitting, classification). The same
 * texts come again and again: from other identities and connections (which the gateway's decision cache keys
 * apart), after every bundle or grant change (which empties the gateway's cache), and for statements whose
 * decisions bind to their exact text.
 *
 * <p>A fixed table of {@value #SLOTS} slots, each slot chosen by the text's hash and holding the last text that
 * landed there: lookups take no lock, memory is bounded (texts over {@value #MAX_CACHED_LENGTH} characters are
 * analysed every time and never kept), and a collision only costs an analysis. Hits compare the whole text, so a
 * decision never uses another text's analysis.
 */
final class StatementAnalyses {

    /** One statement of a query with what the engine needs of it. */
    record Analysed(SqlStatement statement, StatementFacts facts, boolean stringConstant) {}

    static final int SLOTS = 2048;
    static final int MAX_CACHED_LENGTH = 1024;

    private record Entry(String text, List<Analysed> statements) {}

    private static final AtomicReferenceArray<Entry> TABLE = new AtomicReferenceArray<>(SLOTS);

    private StatementAnalyses() {}

    /** The statements of {@code text}, analysed (from the table when this text was seen recently). */
    static List<Analysed> of(String text) {
        if (text.length() > MAX_CACHED_LENGTH) {
            return analyse(text);
        }
        int hash = text.hashCode();
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        Entry entry = TABLE.getPlain(slot);
        if (entry != null && entry.text.equals(text)) {
            return entry.statements;
        }
        List<Analysed> statements = analyse(text);
        // plain write: a reader on another thread sees either entry whole (records with final fields)
        TABLE.setPlain(slot, new Entry(text, statements));
        return statements;
    }

    private static List<Analysed> analyse(String text) {
        List<SqlStatement> split = StatementSplitter.splitLexed(text);
        List<Analysed> statements = new ArrayList<>(split.size());
        for (SqlStatement statement : split) {
            statements.add(new Analysed(statement, classify(statement), hasStringConstant(statement)));
        }
        return List.copyOf(statements);
    }

    /** The facts of one statement; a classifier failure makes it unknown (denied), never an error. */
    private static StatementFacts classify(SqlStatement statement) {
        try {
            return StatementClassifier.classify(statement.tokens());
        } catch (RuntimeException e) {
            return StatementFacts.unknown("UNANALYSABLE");
        }
    }

    private static boolean hasStringConstant(SqlStatement statement) {
        for (Token token : statement.tokens()) {
            if (token.kind().isString()) {
                return true;
            }
        }
        return false;
    }
}
