package dev.sluice.identity.revocation;

import dev.sluice.identity.revocation.Revocations.Revocation;
import dev.sluice.identity.revocation.Revocations.Type;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Revocations in PostgreSQL, table {@code revocations} of identity-adapter's own schema (Flyway, {@code identity}). */
public final class JdbcRevocationStore implements RevocationStore {

    private final JdbcTemplate jdbc;

    public JdbcRevocationStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public List<Revocation> load(Instant now) {
        return jdbc.query("SELECT type, value, revoked_at, expires_at, reason FROM revocations"
                        + " WHERE expires_at IS NULL OR expires_at >= ? ORDER BY revoked_at, type, value",
                (rs, row) -> new Revocation(Type.valueOf(rs.getString("type")), rs.getString("value"),
                        rs.getTimestamp("revoked_at").toInstant(),
                        rs.getTimestamp("expires_at") == null ? Instant.MAX : rs.getTimestamp("expires_at").toInstant(),
                        rs.getString("reason")),
                Timestamp.from(now));
    }

    @Override
    public void save(Revocation revocation) {
        jdbc.update("INSERT INTO revocations (type, value, revoked_at, expires_at, reason) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (type, value) DO UPDATE SET revoked_at = EXCLUDED.revoked_at,"
                        + " expires_at = EXCLUDED.expires_at, reason = EXCLUDED.reason",
                revocation.type().name(), revocation.value(), Timestamp.from(revocation.revokedAt()),
                revocation.expiresAt().equals(Instant.MAX) ? null : Timestamp.from(revocation.expiresAt()),
                revocation.reason());
    }

    @Override
    public void delete(Type type, String value) {
        jdbc.update("DELETE FROM revocations WHERE type = ? AND value = ?", type.name(), value);
    }

    @Override
    public void deleteExpired(Instant now) {
        jdbc.update("DELETE FROM revocations WHERE expires_at < ?", Timestamp.from(now));
    }
}
