// Reads manifest.json, the one source of the connector's Confluent Hub metadata, into the connect.component.*
// properties that io.confluent:kafka-connect-maven-plugin takes its parameters from (and the licenses into the
// project model, where that plugin looks for them), so the manifest.json in the component archive says what the
// top-level file says. Runs at initialize through gmavenplus, which binds `project` and `log`.
import groovy.json.JsonSlurper
import org.apache.maven.model.License

def fail = { String message -> throw new IllegalStateException(message) }
def manifest = new JsonSlurper().parse(new File(project.basedir, 'manifest.json'))

// Keys of manifest.json and of its objects that are passed on, each with the plugin property that takes it. A key not
// listed fails the build rather than silently missing from the archive's manifest.
def topLevel = [name: 'name', title: 'title', description: 'description', documentation_url: 'documentation.url',
                source_url: 'source.url', tags: 'tags', component_types: 'componentTypes',
                requirements: 'requirements', release_date: 'releaseDate', logo: 'logo']
def nested = [
    owner: [username: 'owner.username', type: 'owner.type', name: 'owner.name', url: 'owner.url',
            logo: 'owner.logo'],
    support: [summary: 'support.summary', provider_name: 'support.providerName', url: 'support.url',
              logo: 'support.logo'],
    features: [supported_encodings: 'features.supportedEncodings',
               single_message_transforms: 'features.singleMessageTransforms',
               confluent_control_center_integration: 'features.confluentControlCenterIntegration',
               kafka_connect_api: 'features.kafkaConnectApi'],
    // Not delivery_guarantee: kafka-connect-maven-plugin 0.12.0 validates its deliveryGuarantee values and then
    // drops them, so the archive's manifest would never say it.
    docker_image: [namespace: 'docker.namespace', name: 'docker.name', tag: 'docker.tag',
                   registries: 'docker.registries'],
]

def pass = { String property, value ->
    String text
    if (value instanceof List) {
        // The plugin's list and set parameters take a property as comma-separated items.
        value.each { item ->
            if (item.toString().contains(',')) {
                fail("manifest.json: '${item}' of ${property} holds a comma, which would split it in two")
            }
        }
        text = value.join(',')
    } else {
        text = value.toString()
    }
    project.properties.setProperty('connect.component.' + property, text)
}

manifest.each { String key, value ->
    if (key == 'version') {
        if (value != '${project.version}') {
            fail('manifest.json: version must be ${project.version}; the build fills it in')
        }
    } else if (key == 'license') {
        value.each { entry ->
            def unknown = entry.keySet() - ['name', 'url']
            if (unknown) {
                fail("manifest.json: license fields ${unknown} are not passed on to the archive")
            }
            project.model.addLicense(new License(name: entry.name, url: entry.url))
        }
    } else if (topLevel.containsKey(key)) {
        pass(topLevel[key], value)
    } else if (nested.containsKey(key)) {
        value.each { String field, fieldValue ->
            if (!nested[key].containsKey(field)) {
                fail("manifest.json: ${key}.${field} is not passed on to the archive")
            }
            pass(nested[key][field], fieldValue)
        }
    } else {
        fail("manifest.json: ${key} is not passed on to the archive")
    }
}
// Without a release_date the plugin writes the day of the build, so the archive of one commit changed from day to day.
// The date of project.build.outputTimestamp (ISO 8601, or seconds since the epoch) keeps it reproducible.
if (!manifest.containsKey('release_date')) {
    // As in the plugins' own ${project.build.outputTimestamp}: a -D on the command line wins over the pom.
    String timestamp = session.userProperties.getProperty('project.build.outputTimestamp',
            project.properties.getProperty('project.build.outputTimestamp'))
    if (!timestamp) {
        fail('manifest.json has no release_date and project.build.outputTimestamp is not set')
    }
    java.time.Instant instant = timestamp ==~ /\d+/ ? java.time.Instant.ofEpochSecond(timestamp as long)
            : java.time.OffsetDateTime.parse(timestamp).toInstant()
    pass('releaseDate', java.time.LocalDate.ofInstant(instant, java.time.ZoneOffset.UTC).toString())
}
log.info("Component metadata read from manifest.json: ${manifest.name} by ${manifest.owner?.username}")
