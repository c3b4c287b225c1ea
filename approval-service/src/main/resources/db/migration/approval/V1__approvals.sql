-- Approval requests held by the gateway and the reviewers' votes on them.
-- One row per request; every transition bumps "version" so concurrent transitions are serialized
-- (optimistic locking): exactly one of two racing clicks commits, the other re-reads a final state.
create table approval_requests (
    id                 uuid         primary key,
    version            bigint       not null,
    state              varchar(16)  not null,
    requester_subject  text         not null,
    requester_kind     varchar(16)  not null,
    requester_groups   text         not null,
    connection_name    text         not null,
    session_id         text         not null,
    statement          text         not null,
    statement_kind     varchar(16)  not null,
    binding_hash       varchar(128) not null,
    reason             text         not null,
    rule_id            text         not null,
    policy_version     text         not null,
    reviewer_groups    text         not null,
    min_approvals      integer      not null check (min_approvals >= 1),
    approvals          integer      not null default 0,
    created_at         timestamptz  not null,
    expires_at         timestamptz  not null,
    decided_at         timestamptz,
    decided_by         text,
    decision_comment   text,
    used_at            timestamptz,
    constraint approval_state check (state in ('PENDING', 'APPROVED', 'DENIED', 'EXPIRED', 'CANCELLED', 'USED'))
);

create index approval_requests_pending on approval_requests (expires_at) where state = 'PENDING';
create index approval_requests_created on approval_requests (created_at desc);

create table approval_votes (
    approval_id  uuid        not null references approval_requests (id) on delete cascade,
    reviewer     text        not null,
    decision     varchar(8)  not null check (decision in ('APPROVE', 'DENY')),
    comment      text        not null,
    voted_at     timestamptz not null,
    -- a reviewer counts once: 2-of-N needs two distinct reviewers
    primary key (approval_id, reviewer)
);
