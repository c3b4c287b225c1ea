// Machine access of bench/PolicyLoad.java (a multi-file source program: `java bench/PolicyLoad.java` compiles this too).

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of processes and timer precision of the sending thread (Linux). */
final class Machine {

    private Machine() {}

    /**
     * Asks Linux to wake this (the sending) thread on time: a sleeping thread's timer may fire up to its "timer slack"
     * late, 50 us by default, and every request's latency is measured from its due time, so the slack would count
     * as latency. {@code prctl(PR_SET_TIMERSLACK, 1)} (1 ns) through the FFM API; elsewhere nothing changes.
     */
    static void preciseTimers() {
        try {
            var linker = Linker.nativeLinker();
            var prctl = linker.downcallHandle(linker.defaultLookup().find("prctl").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
            int result = (int) prctl.invokeExact(29 /* PR_SET_TIMERSLACK */, 1L, 0L, 0L, 0L);
            if (result != 0) {
                System.out.println("note: timer slack unchanged (prctl returned " + result + ")");
            }
        } catch (Throwable e) {
            System.out.println("note: timer slack unchanged (" + e + ")");
        }
    }

    /** utime + stime of a process ({@code self} for this one), in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
    static long cpuTicks(String pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
