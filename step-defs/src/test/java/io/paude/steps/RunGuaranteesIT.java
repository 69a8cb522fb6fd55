package io.paude.steps;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** The one suite: every feature under features/, against the engine named by -Dpaude.engine. */
@Suite
@IncludeEngines("cucumber")
@SelectPackages("features")
public class RunGuaranteesIT {
}
