package dev.sluice.proxy.postgres.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Objects;

/** Record equality that compares array components by content, which the generated record equals does not. */
final class MessageAssertions {

    private MessageAssertions() {
    }

    static void assertSameMessage(Object actual, Object expected) {
        assertThat(actual).as("message type").isNotNull().hasSameClassAs(expected);
        for (RecordComponent component : expected.getClass().getRecordComponents()) {
            Object actualValue = value(component, actual);
            Object expectedValue = value(component, expected);
            assertThat(Objects.deepEquals(actualValue, expectedValue))
                    .as("%s.%s: %s vs %s", expected.getClass().getSimpleName(), component.getName(),
                            describe(actualValue), describe(expectedValue))
                    .isTrue();
        }
    }

    private static Object value(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static String describe(Object value) {
        return value instanceof Object[] array ? java.util.Arrays.deepToString(array)
                : value instanceof byte[] b ? java.util.Arrays.toString(b)
                : value instanceof short[] s ? java.util.Arrays.toString(s)
                : value instanceof int[] i ? java.util.Arrays.toString(i)
                : String.valueOf(value);
    }
}
