package dev.sluice.identity.revocation;

import dev.sluice.identity.revocation.Revocations.Revocation;
import dev.sluice.identity.revocation.Revocations.Type;
import java.time.Instant;
import java.util.List;

/**
 * Where {@link Revocations} keeps its entries beyond the process: written through on every change, read once at
 * start. A failing write fails the change, so an administrator never sees a revocation accepted that a restart
 * would forget.
 */
public interface RevocationStore {

    /** Keeps nothing: a restart forgets every revocation. */
    RevocationStore IN_MEMORY = new RevocationStore() {
        @Override
        public List<Revocation> load(Instant now) {
            return List.of();
        }

        @Override
        public void save(Revocation revocation) {}

        @Override
        public void delete(Type type, String value) {}

        @Override
        public void deleteExpired(Instant now) {}
    };

    /** The entries that have not expired at {@code now}. */
    List<Revocation> load(Instant now);

    /** Adds or replaces the entry of the revocation's type and value. */
    void save(Revocation revocation);

    /** Removes an entry, if present. */
    void delete(Type type, String value);

    /** Removes entries that expired before {@code now}. */
    void deleteExpired(Instant now);
}
