/** The whole Sluice platform in one process on embedded defaults. */
package dev.sluice.standalone;
