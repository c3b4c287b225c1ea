package dev.sluice.recording.config;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs scheduled jobs (retention). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class SchedulingConfig {}
