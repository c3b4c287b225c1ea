package dev.sluice.sql;

import java.util.Objects;

/**
 * Whether wire-level masking covers a statement for an identity whose results are masked (see
 * {@link MaskingAnalyzer}).
 */
public sealed interface MaskingVerdict {

    /** A short, user-presentable explanation; empty for {@link Safe}. */
    String reason();

    /**
     * Masked columns reach the client only as plain output columns, which wire-level masking by RowDescription
     * table OID and column number redacts — or the statement touches no masked table at all.
     */
    record Safe() implements MaskingVerdict {
        @Override
        public String reason() {
            return "";
        }
    }

    /**
     * A masked column (or a whole row or {@code *} of a table holding one) is used where its value can leave the
     * gateway transformed, aggregated, copied or inferred: the caller must deny the statement for masked identities.
     *
     * @param reason which use, in words a policy author and the user understand
     */
    record Indirect(String reason) implements MaskingVerdict {
        public Indirect {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The statement could not be analysed (unparseable, or the parse and the tokens disagree): the caller must deny
     * it for masked identities.
     *
     * @param reason what could not be analysed
     */
    record Unknown(String reason) implements MaskingVerdict {
        public Unknown {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The one {@link Safe} verdict. */
    MaskingVerdict SAFE = new Safe();
}
