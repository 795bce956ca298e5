package org.imagecache.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The package boundaries that each {@code package-info} states, checked on the compiled main classes: which
 * of our packages each may use, which libraries stay behind one package, and no cycles between packages. The
 * README's "Architecture" section draws the same picture.
 */
@AnalyzeClasses(packages = "org.imagecache", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  private static final String ROOT = "org.imagecache.";

  @ArchTest
  static final ArchRule failuresDependOnNothingOfOurs = mayUseOnly("failure");

  @ArchTest
  static final ArchRule imagesUseOnlyFailures = mayUseOnly("image", "failure");

  @ArchTest
  static final ArchRule configUsesOnlyFailures = mayUseOnly("config", "failure");

  @ArchTest
  static final ArchRule metricsStandAlone = mayUseOnly("metrics");

  @ArchTest
  static final ArchRule filesUseTheDomain = mayUseOnly("files", "failure", "image");

  @ArchTest
  static final ArchRule storeUsesTheDomain = mayUseOnly("store", "failure", "image");

  @ArchTest
  static final ArchRule simplestreamsUsesTheDomain = mayUseOnly("remote.simplestreams", "failure", "image");

  @ArchTest
  static final ArchRule remotesUseConfigAndMetrics =
      mayUseOnly("remote", "remote.simplestreams", "config", "failure", "image", "metrics");

  @ArchTest
  static final ArchRule operationsUseRemoteCancellation = mayUseOnly("operations", "failure", "remote");

  @ArchTest
  static final ArchRule settingsUseTheStore = mayUseOnly("settings", "config", "failure", "store");

  @ArchTest
  static final ArchRule demoUsesFiles = mayUseOnly("demo", "failure", "files", "image");

  @ArchTest
  static final ArchRule resolveUsesTheStoreAndRemotes = mayUseOnly("resolve",
      "config", "failure", "files", "image", "metrics", "operations", "remote", "store");

  @ArchTest
  static final ArchRule scheduleUsesResolve = mayUseOnly("schedule",
      "config", "failure", "files", "image", "metrics", "operations", "remote", "resolve", "store");

  /** The API sees services, never the store or the database behind it. */
  @ArchTest
  static final ArchRule clusterUsesTheStoreResolveAndRemotes = mayUseOnly("cluster", "config", "failure", "image", "remote", "resolve", "store");

  @ArchTest
  static final ArchRule apiUsesServicesNotTheStore = mayUseOnly("api",
      "config", "failure", "image", "metrics", "operations", "remote", "resolve", "schedule", "settings");

  /** The CLI talks to the service over HTTP; only {@code serve} starts one in-process. */
  @ArchTest
  static final ArchRule cliUsesTheApiNotTheInsides = mayUseOnly("cli", "config", "demo", "failure", "image", "server");

  @ArchTest
  static final ArchRule onlyTheCliStartsTheServer = noClasses()
      .that().resideOutsideOfPackages(ROOT + "cli..", ROOT + "server..", "org.imagecache")
      .should().dependOnClassesThat().resideInAPackage(ROOT + "server..");

  @ArchTest
  static final ArchRule sqlLibrariesStayInTheStore = noClasses().that().resideOutsideOfPackage(ROOT + "store..")
      .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "org.flywaydb..", "com.zaxxer..", "org.sqlite..", "org.postgresql..",
          "java.sql..");

  @ArchTest
  static final ArchRule vertxWebStaysInTheApi = noClasses().that().resideOutsideOfPackages(ROOT + "api..", ROOT + "server..")
      .should().dependOnClassesThat().resideInAPackage("io.vertx.ext.web..");

  @ArchTest
  static final ArchRule picocliStaysInTheCli = noClasses().that().resideOutsideOfPackage(ROOT + "cli..")
      .and().resideOutsideOfPackage("org.imagecache")
      .should().dependOnClassesThat().resideInAPackage("picocli..");

  @ArchTest
  static final ArchRule micrometerStaysInMetrics = noClasses().that().resideOutsideOfPackage(ROOT + "metrics..")
      .should().dependOnClassesThat().resideInAPackage("io.micrometer..");

  /**
   * A protocol is an implementation detail of {@code remote}, which reads it, and of {@code mirror}, which
   * serves it: everything else sees {@code ImageIndex} and {@code RemoteSource}.
   */
  @ArchTest
  static final ArchRule onlyRemoteKnowsAProtocol = noClasses().that().resideOutsideOfPackages(ROOT + "remote..", ROOT + "mirror..")
      .should().dependOnClassesThat().resideInAPackage(ROOT + "remote.simplestreams..");

  @ArchTest
  static final ArchRule packagesFormNoCycle = slices().matching("org.imagecache.(*)..").should().beFreeOfCycles();

  /**
   * Classes of {@code pkg} (exactly that package) depend on no package of ours but itself and {@code allowed}
   * (exact packages too: {@code store} does not admit its generated {@code store.jooq}); libraries and the JDK
   * are left to the rules above.
   */
  private static ArchRule mayUseOnly(String pkg, String... allowed) {
    String[] packages = Stream.concat(Stream.of(pkg), Arrays.stream(allowed)).map(p -> ROOT + p).toArray(String[]::new);
    String[] own = pkg.equals("store") ? new String[] {ROOT + "store", ROOT + "store.jooq.."} : new String[] {ROOT + pkg};
    return classes().that().resideInAnyPackage(own)
        .should().onlyDependOnClassesThat(resideOutsideOfPackage("org.imagecache..").or(resideInAnyPackage(packages))
            .or(resideInAnyPackage(own)))
        .as("package " + pkg + " uses only " + (allowed.length == 0 ? "nothing of ours" : String.join(", ", allowed)));
  }
}
