package dev.sluice.proxy.postgres.message;

import java.util.List;
import java.util.Objects;

/**
 * RowDescription: the columns of the rows that follow.
 *
 * @param fields the columns in order
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-ROWDESCRIPTION">RowDescription</a>
 */
public record RowDescription(List<Field> fields) implements BackendMessage {

    public RowDescription {
        fields = List.copyOf(fields);
    }

    /**
     * One column.
     *
     * @param name         the column label
     * @param tableOid     the source table, or zero when the column is not a plain table column
     * @param columnAttr   the attribute number in that table, or zero
     * @param typeOid      the data type OID
     * @param typeSize     the type's length ({@code pg_type.typlen}); negative for variable-width types
     * @param typeModifier the type modifier ({@code pg_attribute.atttypmod})
     * @param format       0 for text, 1 for binary (always 0 in a Describe of a statement)
     */
    public record Field(String name, int tableOid, short columnAttr, int typeOid, short typeSize, int typeModifier,
            short format) {

        public Field {
            Objects.requireNonNull(name, "name");
        }
    }
}
