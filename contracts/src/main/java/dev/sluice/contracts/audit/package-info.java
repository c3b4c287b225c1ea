/** The {@code sluice.audit} feed: compact CloudEvents for SIEMs, never result data. */
package dev.sluice.contracts.audit;
