-- JIT access grants: a user asks to be treated as a member of a group on one connection for a while.
-- Like approval_requests, every transition bumps "version" (optimistic locking), so racing clicks leave one state.
create table access_grants (
    id                 uuid         primary key,
    version            bigint       not null,
    state              varchar(16)  not null,
    requester_subject  text         not null,
    requester_kind     varchar(16)  not null,
    connection_name    text         not null,
    group_name         text         not null,
    duration_seconds   bigint       not null check (duration_seconds > 0),
    justification      text         not null,
    reviewer_groups    text         not null,
    min_approvals      integer      not null check (min_approvals >= 1),
    approvals          integer      not null default 0,
    created_at         timestamptz  not null,
    activated_at       timestamptz,
    expires_at         timestamptz,
    decided_at         timestamptz,
    decided_by         text,
    decision_comment   text,
    ended_at           timestamptz,
    ended_by           text,
    end_comment        text,
    constraint access_grant_state
        check (state in ('PENDING', 'ACTIVE', 'DENIED', 'CANCELLED', 'EXPIRED', 'REVOKED'))
);

create index access_grants_active on access_grants (expires_at) where state = 'ACTIVE';
create index access_grants_created on access_grants (created_at desc);

create table access_grant_votes (
    grant_id   uuid        not null references access_grants (id) on delete cascade,
    reviewer   text        not null,
    decision   varchar(8)  not null check (decision in ('APPROVE', 'DENY')),
    comment    text        not null,
    voted_at   timestamptz not null,
    primary key (grant_id, reviewer)
);

-- Transactional outbox of reviewer notifications: written in the transaction that creates the pending request,
-- drained by a worker; a row is deleted only after its channel accepted it (or it ran out of attempts).
create table notification_outbox (
    id             bigserial    primary key,
    channel        varchar(16)  not null,
    event          varchar(32)  not null,
    payload        text         not null,
    attempts       integer      not null default 0,
    next_attempt   timestamptz  not null,
    created_at     timestamptz  not null,
    last_error     text,
    state          varchar(8)   not null default 'PENDING' check (state in ('PENDING', 'SENT', 'FAILED'))
);

create index notification_outbox_due on notification_outbox (next_attempt) where state = 'PENDING';
