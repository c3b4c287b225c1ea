package dev.sluice.proxy.postgres.masking;

import dev.sluice.masking.MaskCounts;
import dev.sluice.masking.Strategy;
import dev.sluice.proxy.postgres.message.CopyOutResponse;
import dev.sluice.sql.CopyStatement;
import dev.sluice.proxy.postgres.message.PgConstants;
import dev.sluice.proxy.postgres.message.RowDescription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Masks the responses of one command as they stream through: each DataRow is rewritten value by value (column
 * rules by the column's origin, detector rules on every other text value) and re-encoded with correct lengths,
 * one row at a time, so memory stays flat whatever the result size. What cannot be masked safely — a masked
 * column in binary format, a binary value a detector matches, a COPY other than of a table under column rules — is
 * refused: the rest of
 * the result is dropped and the command ends in an error instead of passing raw data. Used by the backend relay
 * under the channel lock.
 */
public final class ResultMasker {
    /** {@link #maskRow} result: forward the frame unchanged. */
    public static final int UNCHANGED = -1;
    /** {@link #maskRow} result: drop the frame (the command is refused). */
    public static final int DROP = 0;

    private static final Set<Integer> TEXT_TYPES = Set.of(25, 1043, 1042, 19, 18, 114, 142, 705);
    private static final int JSONB = 3802;

    private record Column(MaskPlan.ColumnRule rule, boolean binary, int typeOid) {}

    private final MaskingSession session;
    private final MaskPlan plan;
    private final MaskedPortal portal;
    private final MaskCounts counts = new MaskCounts();
    private final List<List<String>> sample = new ArrayList<>();
    private int sampleBytes;
    private Column[] columns;
    private CopyMasker copyMasker;
    private boolean laidOut;
    private String refusal;
    private boolean refusalDelivered;

    ResultMasker(MaskingSession session, MaskPlan plan, MaskedPortal portal) {
        this.session = session;
        this.plan = plan;
        this.portal = portal;
        if (plan.invalid() != null) {
            refusal = "a masking rule of the policy is invalid (" + plan.invalid() + "), so no result can be masked";
        }
    }

    /** The plan this command is masked with. */
    public MaskPlan plan() {
        return plan;
    }

    /** Masked values by rule. */
    public MaskCounts counts() {
        return counts;
    }

    /** The first masked rows, bounded by rows and bytes; empty if none. */
    public List<List<String>> sample() {
        return List.copyOf(sample);
    }

    /** Why the rest of this command's result is refused, or null. */
    public String refusal() {
        return refusal;
    }

    /** True once the refusal error has been sent (then everything up to ReadyForQuery is dropped). */
    public boolean refusalDelivered() {
        return refusalDelivered;
    }

    /** Marks the refusal error as sent. */
    public void refusalSent() {
        refusalDelivered = true;
    }

    /** A RowDescription in the command's own response (simple query, FETCH): the next rows follow it. */
    public void describe(RowDescription description) {
        layout(description, null);
    }

    /**
     * CopyOutResponse: COPY TO STDOUT starts; text and CSV rows are scanned, binary is refused. Under column rules
     * the columns come from the statement and the catalog ({@link CopyMasker}): only
     * {@code COPY table [(columns)] TO STDOUT} can be masked, any other COPY is refused.
     *
     * @param statement the text of the command that started it
     */
    public void copyOut(CopyOutResponse response, String statement) {
        if (response.format() != 0) {
            refuse("binary COPY output cannot be masked; use text or CSV format");
            return;
        }
        if (!plan.hasColumnRules() || refusal != null) {
            return;
        }
        var copy = statement == null ? java.util.Optional.<CopyStatement>empty() : CopyStatement.parse(statement);
        if (copy.isEmpty()) {
            refuse("only COPY table [(columns)] TO STDOUT can have its masked columns told apart; use SELECT instead");
            return;
        }
        try {
            CopyMasker masker = CopyMasker.of(plan, session.catalog(), copy.get(), response.columnFormats().length);
            copyMasker = masker.masksColumns() ? masker : null;
        } catch (CopyMasker.Refused e) {
            refuse(e.getMessage());
        }
    }

    /**
     * Masks one CopyData row: the COPY's column rules, if any, then the detector rules.
     *
     * @return {@link #UNCHANGED}, {@link #DROP}, or the size of the re-encoded frame in {@link MaskingSession#buffer()}
     */
    public int maskCopyData(byte[] array, int payloadOffset, int payloadLength) {
        if (refusal != null) {
            return DROP;
        }
        String text = null;
        String columnsMasked = null;
        if (copyMasker != null) {
            text = new String(array, payloadOffset, payloadLength, StandardCharsets.UTF_8);
            columnsMasked = copyMasker.mask(text, counts);
            if (columnsMasked == null) {
                refuse("a COPY row did not split into the table's columns, so it cannot be masked");
                return DROP;
            }
        }
        if (columnsMasked == text && !plan.scanner().mayMatch(array, payloadOffset, payloadLength)) {
            return UNCHANGED;
        }
        if (text == null) {
            text = new String(array, payloadOffset, payloadLength, StandardCharsets.UTF_8);
            columnsMasked = text;
        }
        String masked = session.maskText(plan, columnsMasked, counts);
        if (masked == text) {
            return UNCHANGED;
        }
        byte[] bytes = masked.getBytes(StandardCharsets.UTF_8);
        FrameBuffer buffer = session.buffer();
        buffer.start(PgConstants.COPY_DATA);
        buffer.writeBytes(bytes, 0, bytes.length);
        return buffer.finish();
    }

    /**
     * Masks one DataRow.
     *
     * @return {@link #UNCHANGED}, {@link #DROP}, or the size of the re-encoded frame in {@link MaskingSession#buffer()}
     */
    public int maskRow(byte[] array, int payloadOffset, int payloadLength) {
        if (!laidOut) {
            layoutFromPortal();
        }
        if (refusal != null) {
            return DROP;
        }
        int count = ((array[payloadOffset] & 0xff) << 8) | (array[payloadOffset + 1] & 0xff);
        String[] replaced = null;
        boolean[] nulled = null;
        boolean sampling = sample.size() < session.settings().sampleRows()
                && sampleBytes < session.settings().sampleBytes();
        List<String> sampleRow = sampling ? new ArrayList<>(count) : null;
        int at = payloadOffset + 2;
        for (int i = 0; i < count; i++) {
            int length = readInt(array, at);
            at += 4;
            if (length < 0) {
                if (sampling) {
                    sampleRow.add(null);
                }
                continue; // NULL stays NULL
            }
            Column column = column(i);
            String out = null;
            boolean changed = false;
            if (column.rule() != null) {
                String value = new String(array, at, length, StandardCharsets.UTF_8);
                out = column.rule().strategy().apply(value);
                counts.add(column.rule().name());
                changed = true;
            } else if (!column.binary() || TEXT_TYPES.contains(column.typeOid())) {
                if (plan.scanner().mayMatch(array, at, length)) {
                    String value = new String(array, at, length, StandardCharsets.UTF_8);
                    out = plan.scanner().mask(value, counts);
                    changed = out != value;
                } else if (sampling) {
                    out = new String(array, at, length, StandardCharsets.UTF_8);
                }
            } else if (column.typeOid() == JSONB && length > 0) {
                if (plan.scanner().mayMatch(array, at + 1, length - 1)) {
                    String value = new String(array, at + 1, length - 1, StandardCharsets.UTF_8);
                    String masked = plan.scanner().mask(value, counts);
                    if (masked != value) {
                        out = masked == null ? null : "\u0001" + masked;
                        changed = true;
                    }
                }
            } else if (BinaryValues.sensitive(plan.scanner(), column.typeOid(), array, at, length)) {
                refuse("a binary-format value of column " + (i + 1) + " matches a masking detector; request text "
                        + "format for this result");
                return DROP;
            }
            if (changed) {
                if (replaced == null) {
                    replaced = new String[count];
                    nulled = new boolean[count];
                }
                replaced[i] = out;
                nulled[i] = out == null;
            }
            if (sampling) {
                sampleRow.add(changed ? out : column.binary() ? "<binary>" : out);
            }
            at += length;
        }
        if (sampling) {
            sample.add(sampleRow);
            sampleBytes += payloadLength;
        }
        return replaced == null ? UNCHANGED : encode(array, payloadOffset, count, replaced, nulled);
    }

    private int encode(byte[] array, int payloadOffset, int count, String[] replaced, boolean[] nulled) {
        FrameBuffer buffer = session.buffer();
        buffer.start(PgConstants.DATA_ROW);
        buffer.writeShort(count);
        int at = payloadOffset + 2;
        for (int i = 0; i < count; i++) {
            int length = readInt(array, at);
            at += 4;
            if (nulled[i] || (length < 0)) {
                buffer.writeInt(-1);
            } else if (replaced[i] != null) {
                byte[] bytes = replaced[i].getBytes(StandardCharsets.UTF_8);
                buffer.writeInt(bytes.length);
                buffer.writeBytes(bytes, 0, bytes.length);
            } else {
                buffer.writeInt(length);
                buffer.writeBytes(array, at, length);
            }
            if (length > 0) {
                at += length;
            }
        }
        return buffer.finish();
    }

    private Column column(int index) {
        if (columns != null && index < columns.length) {
            return columns[index];
        }
        // No description: no column rule can apply (a plan with column rules was refused in layoutFromPortal).
        boolean binary = portal != null && format(portal.resultFormats(), index) == PgConstants.FORMAT_BINARY;
        return new Column(null, binary, 0);
    }

    private void layoutFromPortal() {
        laidOut = true;
        if (portal == null) {
            return;
        }
        RowDescription description = portal.shape().description();
        if (description != null) {
            layout(description, null);
            return;
        }
        description = portal.statement().shape().description();
        if (description != null) {
            layout(description, portal.resultFormats());
        } else if (plan.hasColumnRules()) {
            refuse("the result columns of this portal were never described, so masked columns cannot be found; "
                    + "Describe the statement or portal first");
        }
    }

    private void layout(RowDescription description, short[] formats) {
        laidOut = true;
        List<RowDescription.Field> fields = description.fields();
        Map<Integer, ColumnCatalog.Relation> relations = Map.of();
        if (plan.hasColumnRules()) {
            Set<Integer> oids = new HashSet<>();
            fields.forEach(f -> oids.add(f.tableOid()));
            oids.remove(0);
            try {
                relations = oids.isEmpty() ? Map.of() : session.catalog().resolve(oids);
            } catch (IOException | RuntimeException e) {
                refuse("the origins of the result columns cannot be looked up, so masking cannot be applied");
                return;
            }
        }
        columns = new Column[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            RowDescription.Field field = fields.get(i);
            short format = formats == null ? field.format() : format(formats, i);
            MaskPlan.ColumnRule rule = field.tableOid() == 0 ? null : rule(relations.get(field.tableOid()), field);
            boolean binary = format == PgConstants.FORMAT_BINARY;
            if (rule != null && binary) {
                refuse("column \"" + field.name() + "\" is masked and cannot be sent in binary format; "
                        + "request text format");
                return;
            }
            columns[i] = new Column(rule, binary, field.typeOid());
        }
    }

    private MaskPlan.ColumnRule rule(ColumnCatalog.Relation relation, RowDescription.Field field) {
        return plan.ruleFor(relation, field.columnAttr());
    }

    private void refuse(String reason) {
        if (refusal == null) {
            refusal = reason;
        }
    }

    private static short format(short[] formats, int index) {
        return switch (formats.length) {
            case 0 -> PgConstants.FORMAT_TEXT;
            case 1 -> formats[0];
            default -> index < formats.length ? formats[index] : PgConstants.FORMAT_TEXT;
        };
    }

    private static int readInt(byte[] array, int at) {
        return ((array[at] & 0xff) << 24) | ((array[at + 1] & 0xff) << 16) | ((array[at + 2] & 0xff) << 8)
                | (array[at + 3] & 0xff);
    }
}
