package dev.deskpilot.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one-way module arrows of DESIGN.md: desktop-app -> tasks -> {agent, vm-images} -> actuators
 * -> perception; agent and vm-images do not know each other; only desktop-app touches JavaFX.
 * Maven dependencies already forbid most wrong imports; this also catches package-level slips
 * (a class put in the wrong module's package) and JavaFX creeping downward.
 */
class ModuleArrowsTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.deskpilot");
  }

  @Test
  void everyModuleIsImportedSoTheRulesAreNotVacuous() {
    java.util.Set<String> packages = new java.util.HashSet<>();
    classes.forEach(c -> packages.add(c.getPackageName()));
    for (String module : new String[] {"perception", "actuators", "agent", "vm", "tasks", "app"}) {
      assertThat(packages).as("classes of dev.deskpilot.%s on the classpath", module)
          .anyMatch(p -> p.equals("dev.deskpilot." + module) || p.startsWith("dev.deskpilot." + module + "."));
    }
  }

  private static void forbid(String from, String... to) {
    noClasses()
        .that()
        .resideInAPackage(from)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(to)
        .check(classes);
  }

  @Test
  void perceptionKnowsNothingAbove() {
    forbid("dev.deskpilot.perception..", "dev.deskpilot.actuators..", "dev.deskpilot.agent..",
        "dev.deskpilot.vm..", "dev.deskpilot.tasks..", "dev.deskpilot.app..");
  }

  @Test
  void actuatorsKnowOnlyPerception() {
    forbid("dev.deskpilot.actuators..", "dev.deskpilot.agent..", "dev.deskpilot.vm..",
        "dev.deskpilot.tasks..", "dev.deskpilot.app..");
  }

  @Test
  void agentAndVmImagesDoNotKnowEachOther() {
    forbid("dev.deskpilot.agent..", "dev.deskpilot.vm..", "dev.deskpilot.tasks..", "dev.deskpilot.app..");
    forbid("dev.deskpilot.vm..", "dev.deskpilot.agent..", "dev.deskpilot.tasks..", "dev.deskpilot.app..");
  }

  @Test
  void tasksDoNotKnowTheApp() {
    forbid("dev.deskpilot.tasks..", "dev.deskpilot.app..");
  }

  @Test
  void onlyTheAppTouchesJavaFx() {
    forbid("dev.deskpilot.perception..", "javafx..");
    forbid("dev.deskpilot.actuators..", "javafx..");
    forbid("dev.deskpilot.agent..", "javafx..");
    forbid("dev.deskpilot.vm..", "javafx..");
    forbid("dev.deskpilot.tasks..", "javafx..");
  }
}
