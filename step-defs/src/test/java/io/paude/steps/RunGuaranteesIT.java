package io.paude.steps;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectClasspathResource;
import org.junit.platform.suite.api.Suite;

/** The one suite: every feature under features/, against the engine named by -Dpaude.engine. */
@Suite
@IncludeEngines("cucumber")
@SelectClasspathResource("features")
public class RunGuaranteesIT {
}
