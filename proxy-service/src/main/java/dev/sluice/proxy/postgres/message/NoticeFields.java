package dev.sluice.proxy.postgres.message;

import java.util.Map;

/**
 * The field list shared by ErrorResponse and NoticeResponse.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-error-fields.html">Error and Notice Message Fields</a>
 */
public sealed interface NoticeFields permits ErrorResponse, NoticeResponse {

    /** The fields by code ({@link PgConstants#FIELD_SEVERITY}, ...) in wire order. */
    Map<Byte, String> fields();

    /**
     * The severity: the non-localized {@code V} field when present (PostgreSQL 9.6+), otherwise the possibly
     * localized {@code S} field, so that {@code "FATAL".equals(severity())} works whatever lc_messages is.
     */
    default String severity() {
        String nonLocalized = fields().get(PgConstants.FIELD_SEVERITY_NONLOCALIZED);
        return nonLocalized != null ? nonLocalized : fields().get(PgConstants.FIELD_SEVERITY);
    }

    /** The SQLSTATE ({@code C} field), or {@code null} if the server sent none. */
    default String code() {
        return fields().get(PgConstants.FIELD_CODE);
    }

    /** The primary message ({@code M} field), or {@code null} if the server sent none. */
    default String message() {
        return fields().get(PgConstants.FIELD_MESSAGE);
    }

    /** The detail ({@code D} field), or {@code null}. */
    default String detail() {
        return fields().get(PgConstants.FIELD_DETAIL);
    }

    /** The hint ({@code H} field), or {@code null}. */
    default String hint() {
        return fields().get(PgConstants.FIELD_HINT);
    }

    /** Copies fields into an unmodifiable, order-preserving map, rejecting nulls and the terminator code. */
    static Map<Byte, String> copyOf(Map<Byte, String> fields) {
        var copy = new java.util.LinkedHashMap<Byte, String>();
        fields.forEach((code, value) -> {
            if (code == null || code == 0 || value == null) {
                throw new IllegalArgumentException("field codes must be non-zero and values non-null");
            }
            copy.put(code, value);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** The S, V, C, M fields every server-generated error or notice carries. */
    static Map<Byte, String> basic(String severity, String sqlState, String message) {
        var fields = new java.util.LinkedHashMap<Byte, String>();
        fields.put(PgConstants.FIELD_SEVERITY, java.util.Objects.requireNonNull(severity, "severity"));
        fields.put(PgConstants.FIELD_SEVERITY_NONLOCALIZED, severity);
        fields.put(PgConstants.FIELD_CODE, java.util.Objects.requireNonNull(sqlState, "sqlState"));
        fields.put(PgConstants.FIELD_MESSAGE, java.util.Objects.requireNonNull(message, "message"));
        return fields;
    }
}
