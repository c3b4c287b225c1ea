package dev.sluice.proxy.postgres.masking;

import dev.sluice.proxy.postgres.message.RowDescription;

/**
 * Where the RowDescription of a masked prepared statement or portal lands when the target answers its Describe.
 * Created by the frontend relay at Parse or Bind, filled by the backend relay; compared by identity, so a
 * reused statement or portal name never picks up another one's description. Guarded by the channel lock.
 */
public final class ResultShape {
    private RowDescription description;

    /** The description, or null if no Describe was answered (yet). */
    public RowDescription description() {
        return description;
    }

    /** Records the target's answer to a Describe. */
    public void described(RowDescription description) {
        this.description = description;
    }
}
