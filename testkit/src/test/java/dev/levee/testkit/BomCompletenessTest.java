package dev.levee.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * levee-bom lists exactly the published Levee artifacts: every module of the reactor except those
 * that set {@code maven.deploy.skip} (testkit, benchmarks, examples) and the BOM itself.
 */
class BomCompletenessTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void bomListsEveryPublishedModuleAndNothingElse() throws Exception {
    Set<String> published = new TreeSet<>();
    for (String module : children(read(ROOT.resolve("pom.xml")).getDocumentElement(), "modules")) {
      Element pom = read(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();
      String artifactId = text(pom, "artifactId");
      String deploySkip = propertyOf(pom, "maven.deploy.skip");
      if (!"true".equals(deploySkip) && !artifactId.equals("levee-bom")) {
        published.add(artifactId);
      }
    }
    assertThat(published).as("published modules").contains("levee-errors", "levee-timeouts");

    Element bom = read(ROOT.resolve("bom/pom.xml")).getDocumentElement();
    Element managed = (Element) bom.getElementsByTagName("dependencyManagement").item(0);
    Set<String> listed = new TreeSet<>();
    NodeList deps = managed.getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element dep = (Element) deps.item(i);
      assertThat(text(dep, "groupId")).isEqualTo("dev.levee");
      assertThat(text(dep, "version")).isEqualTo("${project.version}");
      listed.add(text(dep, "artifactId"));
    }
    assertThat(listed).isEqualTo(published);
  }

  private static Document read(Path pom) throws Exception {
    assertThat(Files.isRegularFile(pom)).as(pom + " exists").isTrue();
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  private static List<String> children(Element parent, String listTag) {
    List<String> out = new ArrayList<>();
    Node list = direct(parent, listTag);
    for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element) {
        out.add(n.getTextContent().trim());
      }
    }
    return out;
  }

  private static String propertyOf(Element pom, String name) {
    Node properties = direct(pom, "properties");
    if (properties == null) {
      return null;
    }
    Node value = direct((Element) properties, name);
    return value == null ? null : value.getTextContent().trim();
  }

  private static String text(Element parent, String tag) {
    Node n = direct(parent, tag);
    return n == null ? null : n.getTextContent().trim();
  }

  private static Node direct(Element parent, String tag) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && ((Element) n).getTagName().equals(tag)) {
        return n;
      }
    }
    return null;
  }
}
