package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagecache images alias list|create|delete|rename}: local aliases, as {@code lxc image alias}. */
@Command(name = "alias", description = "Local aliases: list, create, delete, rename.",
    subcommands = {ImagesAliasCommand.ListAliases.class, ImagesAliasCommand.Create.class, ImagesAliasCommand.Delete.class,
        ImagesAliasCommand.Rename.class})
public final class ImagesAliasCommand {
  @Mixin HelpOption helpOption;

  /** The project option of every alias command. */
  static final class Project {
    @Option(names = "--project", defaultValue = "default", description = "The project of the aliases (default: ${DEFAULT-VALUE}).")
    String name;

    String query() {
      return "project=" + ApiPaths.segment(name);
    }

    String path(String alias) {
      return "/1.0/images/aliases/" + ApiPaths.segment(alias) + "?" + query();
    }
  }

  @Command(name = "list", description = "List the local aliases of a project.")
  static final class ListAliases implements Callable<Integer> {
    @Mixin HelpOption helpOption;
    @Mixin ClientOptions client;
    @Mixin OutputFormat output;
    @Mixin Project project;
    @Spec CommandSpec spec;

    @Option(names = "--all-projects", description = "List the aliases of every project, with a PROJECT column (default: one project).")
    boolean allProjects;

    @Override
    public Integer call() {
      JsonNode aliases = client.client().get("/1.0/images/aliases?recursion=1&" + (allProjects ? "all-projects=true" : project.query()));
      List<String> headers = allProjects ? List.of("ALIAS", "PROJECT", "FINGERPRINT", "TYPE", "DESCRIPTION")
          : List.of("ALIAS", "FINGERPRINT", "TYPE", "DESCRIPTION");
      output.print(spec.commandLine().getOut(), aliases, headers, a -> allProjects
          ? List.of(a.path("name").asText(), a.path("project").asText(), Formats.shortFingerprint(a.path("target").asText()),
              a.path("type").asText(), a.path("description").asText(""))
          : List.of(a.path("name").asText(), Formats.shortFingerprint(a.path("target").asText()), a.path("type").asText(),
              a.path("description").asText("")));
      return 0;
    }
  }

  @Command(name = "create", description = "Create a local alias of an image.")
  static final class Create implements Callable<Integer> {
    @Mixin HelpOption helpOption;
    @Mixin ClientOptions client;
    @Mixin Project project;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ALIAS", description = "The new alias.")
    String alias;

    @Parameters(index = "1", paramLabel = "FP|ALIAS", description = "The image: a fingerprint (prefix of 12 or more) or another local alias.")
    String target;

    @Option(names = "--description", defaultValue = "", description = "The alias's description (default: none).")
    String description;

    @Override
    public Integer call() {
      ApiClient api = client.client();
      Map<String, String> body = new LinkedHashMap<>();
      body.put("name", alias);
      body.put("target", ImageRefs.fingerprint(api, project.name, target));
      body.put("description", description);
      api.post("/1.0/images/aliases?" + project.query(), body);
      spec.commandLine().getOut().println("Alias " + alias + " -> " + api.get(project.path(alias)).path("target").asText());
      return 0;
    }
  }

  @Command(name = "delete", description = "Delete local aliases (the images stay).")
  static final class Delete implements Callable<Integer> {
    @Mixin HelpOption helpOption;
    @Mixin ClientOptions client;
    @Mixin Project project;
    @Spec CommandSpec spec;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "ALIAS", description = "The aliases to delete.")
    List<String> aliases;

    @Override
    public Integer call() {
      ApiClient api = client.client();
      for (String alias : aliases) {
        api.delete(project.path(alias));
        spec.commandLine().getOut().println("Deleted alias " + alias);
      }
      return 0;
    }
  }

  @Command(name = "rename", description = "Rename a local alias.")
  static final class Rename implements Callable<Integer> {
    @Mixin HelpOption helpOption;
    @Mixin ClientOptions client;
    @Mixin Project project;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ALIAS", description = "The alias as it is.")
    String from;

    @Parameters(index = "1", paramLabel = "NEW", description = "Its new name.")
    String to;

    @Override
    public Integer call() {
      client.client().post(project.path(from), Map.of("name", to));
      spec.commandLine().getOut().println("Renamed alias " + from + " to " + to);
      return 0;
    }
  }
}
