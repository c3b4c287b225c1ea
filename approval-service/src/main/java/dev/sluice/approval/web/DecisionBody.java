package dev.sluice.approval.web;

/**
 * Body of {@code POST /v1/approvals/{id}/decision}.
 *
 * @param decision {@code approve} or {@code deny}
 * @param comment  optional note shown to the requester and kept in the audit trail
 */
public record DecisionBody(String decision, String comment) {}
