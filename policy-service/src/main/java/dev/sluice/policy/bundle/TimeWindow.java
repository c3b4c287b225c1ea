package dev.sluice.policy.bundle;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A rule's {@code time:} condition: the days of the week and the time of day, in one time zone, when the rule
 * applies. {@code from} is inclusive and {@code to} exclusive; a window whose {@code to} is not after its
 * {@code from} runs past midnight, and then {@code days} names the day it starts (a Friday 22:00–06:00 window
 * covers Saturday 03:00). Daylight-saving changes follow the zone's rules ({@link ZonedDateTime}).
 *
 * @param days the days it applies (all seven when the bundle does not say)
 * @param from start of the window, inclusive (00:00 when absent)
 * @param to   end of the window, exclusive (equal to {@code from}: the whole day)
 * @param zone the zone the days and times are read in (UTC when absent)
 */
public record TimeWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {

    public TimeWindow {
        days = days.isEmpty() ? Set.copyOf(EnumSet.allOf(DayOfWeek.class)) : Set.copyOf(days);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
    }

    /** Whether {@code instant} falls inside the window. */
    public boolean contains(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        LocalTime time = local.toLocalTime();
        DayOfWeek day = local.getDayOfWeek();
        if (from.equals(to)) {
            return days.contains(day);
        }
        if (from.isBefore(to)) {
            return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
        }
        // Past midnight: the evening part belongs to today, the morning part to the window that began yesterday.
        return !time.isBefore(from) ? days.contains(day) : time.isBefore(to) && days.contains(day.minus(1));
    }
}
