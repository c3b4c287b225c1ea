package dev.sluice.contracts.audit;

/**
 * The {@code type} values of events on {@code sluice.alerts}: {@link AuditEvent} envelopes whose
 * {@code dataschema} is {@link #SCHEMA_V1}. docs/audit-events.md documents the rules and fields.
 */
public final class AlertTypes {
    /** Version of the alert data layout, carried as {@code dataschema}. */
    public static final String SCHEMA_V1 = "urn:sluice:alert:v1";

    /** One identity was denied repeatedly within the window. */
    public static final String REPEATED_DENIALS = "dev.sluice.alert.repeated-denials";
    /** One identity ran many masked statements within the window. */
    public static final String MASKED_BURST = "dev.sluice.alert.masked-burst";
    /** An approval request was denied. */
    public static final String APPROVAL_DENIED = "dev.sluice.alert.approval-denied";

    private AlertTypes() {}
}
