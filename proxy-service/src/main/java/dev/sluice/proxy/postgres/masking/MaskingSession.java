package dev.sluice.proxy.postgres.masking;

import dev.sluice.contracts.decision.MaskSpec;
import dev.sluice.masking.MaskCounts;
import dev.sluice.masking.Strategy;
import dev.sluice.proxy.postgres.codec.BackendDecoder;
import dev.sluice.proxy.postgres.codec.BackendEncoder;
import dev.sluice.proxy.postgres.message.BackendMessage;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import dev.sluice.proxy.postgres.message.NoticeFields;
import dev.sluice.proxy.postgres.message.NoticeResponse;
import dev.sluice.proxy.postgres.message.NotificationResponse;
import dev.sluice.proxy.postgres.message.PgConstants;
import dev.sluice.proxy.postgres.session.UpstreamConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The masking state of one PostgreSQL session: plans by mask specs, the column catalog, a reusable frame buffer,
 * and the session's current plan. Once a command of the session has been decided MASK, every later command of
 * the session is masked with the latest plan too, even if decided ALLOW — a cursor FETCH, an EXECUTE of a
 * prepared statement or a notice can carry what an earlier statement selected. Sessions that never see a MASK
 * decision never touch any of this (the relay's byte-forwarding fast path).
 */
public final class MaskingSession implements AutoCloseable {
    /** Error and notice fields that never carry data. */
    private static final Set<Byte> STRUCTURAL = Set.of(PgConstants.FIELD_SEVERITY,
            PgConstants.FIELD_SEVERITY_NONLOCALIZED, PgConstants.FIELD_CODE, PgConstants.FIELD_POSITION,
            PgConstants.FIELD_INTERNAL_POSITION, PgConstants.FIELD_FILE, PgConstants.FIELD_LINE,
            PgConstants.FIELD_ROUTINE);

    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("\"[^\"]*\"");

    private final MaskingSettings settings;
    private final ColumnCatalog catalog;
    private final FrameBuffer buffer = new FrameBuffer();
    private final Map<List<MaskSpec>, MaskPlan> plans = new LinkedHashMap<>(8, 0.75f, true);
    private volatile MaskPlan current;

    /**
     * @param settings shared settings
     * @param catalog  opens the internal catalog connection to the session's target
     */
    public MaskingSession(MaskingSettings settings, Callable<UpstreamConnection> catalog) {
        this.settings = settings;
        this.catalog = new ColumnCatalog(catalog);
    }

    /** True once any command of the session was decided MASK. */
    public boolean active() {
        return current != null;
    }

    /** The plan for a MASK decision's specs, which becomes the session's current plan. Frontend relay only. */
    public synchronized MaskPlan plan(List<MaskSpec> specs) {
        MaskPlan plan = plans.get(specs);
        if (plan == null) {
            plan = MaskPlan.of(specs, settings.key());
            if (plans.size() >= 16) {
                plans.remove(plans.keySet().iterator().next());
            }
            plans.put(specs, plan);
        }
        current = plan;
        return plan;
    }

    /** The session's current plan, or null if nothing was ever masked. */
    public MaskPlan current() {
        return current;
    }

    /** A masker for a simple query's responses. */
    public ResultMasker forQuery(MaskPlan plan) {
        return new ResultMasker(this, plan, null);
    }

    /** A masker for an Execute of a portal bound from a masked statement. */
    public ResultMasker forPortal(MaskedPortal portal) {
        return new ResultMasker(this, portal.statement().plan(), portal);
    }

    MaskingSettings settings() {
        return settings;
    }

    ColumnCatalog catalog() {
        return catalog;
    }

    /** The buffer a re-encoded frame is written to; valid until the next masking call. */
    public FrameBuffer buffer() {
        return buffer;
    }

    /** The frame bytes of {@link #buffer()}. */
    public byte[] bufferArray() {
        return buffer.array();
    }

    /** Detector-masks a text that must stay text: a {@code null} strategy hit redacts the whole text. */
    String maskText(MaskPlan plan, String text, MaskCounts counts) {
        String masked = plan.scanner().mask(text, counts);
        return masked == null ? Strategy.REDACTED : masked;
    }

    /**
     * Masks an ErrorResponse, NoticeResponse or NotificationResponse with {@code plan}: detectors run on every
     * field that can carry data; under column rules the detail field, which quotes row values ("Failing row
     * contains ..."), is withheld entirely.
     *
     * @return {@link ResultMasker#UNCHANGED} or the size of the re-encoded frame in {@link #buffer()}
     */
    public int maskMessage(MaskPlan plan, MaskCounts counts, byte type, byte[] array, int offset, int length) {
        BackendMessage message = BackendDecoder.decode(type, array, offset, length);
        BackendMessage masked = switch (message) {
            case NotificationResponse n -> {
                String channel = maskText(plan, n.channel(), counts);
                String payload = maskText(plan, n.payload(), counts);
                yield channel == n.channel() && payload == n.payload() ? null
                        : new NotificationResponse(n.processId(), channel, payload);
            }
            case ErrorResponse e -> {
                Map<Byte, String> fields = maskFields(plan, e, counts);
                yield fields == null ? null : new ErrorResponse(fields);
            }
            case NoticeResponse n -> {
                Map<Byte, String> fields = maskFields(plan, n, counts);
                yield fields == null ? null : new NoticeResponse(fields);
            }
            default -> null;
        };
        if (masked == null) {
            return ResultMasker.UNCHANGED;
        }
        byte[] bytes = BackendEncoder.encode(masked);
        buffer.start(type);
        buffer.writeBytes(bytes, 5, bytes.length - 5);
        return buffer.finish();
    }

    private Map<Byte, String> maskFields(MaskPlan plan, NoticeFields notice, MaskCounts counts) {
        Map<Byte, String> out = new LinkedHashMap<>();
        boolean changed = false;
        for (var field : notice.fields().entrySet()) {
            String value = field.getValue();
            String masked = value;
            if (!STRUCTURAL.contains(field.getKey())) {
                if (field.getKey() == PgConstants.FIELD_DETAIL && plan.hasColumnRules()) {
                    masked = "(detail withheld by Sluice: this session's results are masked)";
                } else if (field.getKey() == PgConstants.FIELD_MESSAGE && plan.hasColumnRules() && quotesValues(notice)) {
                    // Data and integrity errors quote the offending value: "invalid input syntax ...: \"...\"".
                    masked = maskText(plan, QUOTED.matcher(value).replaceAll("\"****\""), counts);
                } else {
                    masked = maskText(plan, value, counts);
                }
            }
            changed |= !masked.equals(value);
            out.put(field.getKey(), masked);
        }
        return changed ? out : null;
    }

    private static boolean quotesValues(NoticeFields notice) {
        String code = notice.code();
        return code != null && (code.startsWith("22") || code.startsWith("23"));
    }

    @Override
    public void close() {
        catalog.close();
    }
}
