# Sourced by demo.sh --jenkins, once the registry ($registry, $registry_port), the AWS simulator
# ($endpoint) and the images ($work/image-1.0, image-1.1, image-1.2) are up. Starts a Jenkins controller from
# the war the plugin is built against, with the freshly built plugin and the plugins its tests run with,
# a credentials entry and a Pipeline job; runs the builds, prints their logs, stops what it started.

# --- Java 21+ and the plugin ---------------------------------------------------------------------------
java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
jdk=
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
  if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate/bin/java")" -ge 21 ]; then jdk=$candidate; break; fi
done
[ -n "$jdk" ] || die "Jenkins 2.555 needs Java 21 or newer: set JAVA_HOME to such a JDK"
. bin/jenkins-mirror.sh
hpi=plugin/target/quayside.hpi
plugins=plugin/target/test-classes/test-dependencies
if [ ! -f "$hpi" ] || [ ! -f "$plugins/index" ] || [ -n "$(find engine/src plugin/src plugin/pom.xml -newer "$hpi" -print -quit)" ]; then
  say "Building the plugin (./mvnw package with $jdk, tests skipped)"
  JAVA_HOME=$jdk ./mvnw -q -B -DskipTests package || die "the plugin did not build"
fi
jenkins_version=$(JAVA_HOME=$jdk ./mvnw -q -B -pl plugin help:evaluate -Dexpression=jenkins.version -DforceStdout) \
  || die "cannot read the plugin's jenkins.version"
JAVA_HOME=$jdk ./mvnw -q -B -pl plugin dependency:copy -Dartifact="org.jenkins-ci.main:jenkins-war:$jenkins_version:war" \
  -DoutputDirectory="$work" -Dmdep.stripVersion=true >/dev/null || die "cannot get jenkins-war $jenkins_version"
[ -f "$work/jenkins-war.war" ] || die "could not get jenkins-war $jenkins_version"

# --- the job: Jenkinsfile.example adapted to this machine, or the user's own Jenkinsfile ------------------
if [ -z "$jenkinsfile" ]; then
  # Each change is checked, so that the demo says so when Jenkinsfile.example no longer matches it.
  adapted="$work/Jenkinsfile.demo"
  sed -e "/options { timestamps() }/d" \
      -e "s|agent { label 'linux' }|agent any|" \
      -e 's|VERSION    = "1.0.${env.BUILD_NUMBER}"|VERSION    = "${params.VERSION}"|' \
      -e "s|sh 'buildah bud .*'|sh 'rm -rf build docs \&\& mkdir build \&\& cp -r \"\$QUAYSIDE_DEMO_WORK/image-\$VERSION\" build/image \&\& cp -r \"\$QUAYSIDE_DEMO_DOCS\" docs'|" \
      -e 's|skopeo inspect --authfile|skopeo inspect --tls-verify=false --authfile|' \
      -e 's|images: \[myapp: env.IMAGE_URI\]|images: [myapp: params.IMAGE ?: env.IMAGE_URI]|' \
      Jenkinsfile.example > "$adapted"
  for expected in 'agent any' 'VERSION    = "${params.VERSION}"' 'QUAYSIDE_DEMO_WORK/image-' 'skopeo inspect --tls-verify=false' 'params.IMAGE ?: env.IMAGE_URI'; do
    grep -qF "$expected" "$adapted" || die "Jenkinsfile.example changed: the demo's adaptation no longer finds where '$expected' goes"
  done
  ! grep -q "timestamps()\|sh 'buildah" "$adapted" || die "Jenkinsfile.example changed: the demo's adaptation left timestamps() or the buildah build in"
  say "Jenkinsfile.example, adapted to this machine (no agent label, no timestamper, images from files, plain-HTTP registry):"
  diff Jenkinsfile.example "$adapted" || true
  script=$adapted
  # The CLI demo's three releases: 1.0 succeeds; 1.1 registers a tag that was never pushed (the pre-flight
  # stops it); 1.2 is an image that fails its health checks (rolled back).
  builds="['1.0': '', '1.1': '$registry/myapp:v1.1', '1.2': '']"
  job=release
else
  script=$jenkinsfile
  builds="['1.0': '']"
  job=my-pipeline
fi

# --- Jenkins ---------------------------------------------------------------------------------------------
home="$work/jenkins-home"
mkdir -p "$home/plugins" "$home/init.groovy.d"
for p in "$plugins"/*.hpi; do cp "$p" "$home/plugins/$(basename "${p%.hpi}").jpi"; done
cp "$hpi" "$home/plugins/quayside.jpi"
jenkins_port=$(free_port)
cat > "$home/init.groovy.d/quayside-demo.groovy" <<GROOVY
// Written by demo.sh: the local world (the AWS simulator as every AWS endpoint), the 'aws-release'
// credentials it accepts, and the job, whose builds are queued one after the other.
import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl
import com.cloudbees.plugins.credentials.CredentialsScope
import com.cloudbees.plugins.credentials.SystemCredentialsProvider
import hudson.model.ParametersAction
import hudson.model.ParametersDefinitionProperty
import hudson.model.StringParameterDefinition
import hudson.model.StringParameterValue
import hudson.slaves.EnvironmentVariablesNodeProperty
import jenkins.model.Jenkins
import jenkins.model.JenkinsLocationConfiguration
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition
import org.jenkinsci.plugins.workflow.job.WorkflowJob

def jenkins = Jenkins.get()
JenkinsLocationConfiguration.get().url = 'http://127.0.0.1:$jenkins_port/'
jenkins.globalNodeProperties.replaceBy([new EnvironmentVariablesNodeProperty([
    new EnvironmentVariablesNodeProperty.Entry('AWS_ENDPOINT_URL', '$endpoint'),
    new EnvironmentVariablesNodeProperty.Entry('QUAYSIDE_DEMO_WORK', '$work'),
    new EnvironmentVariablesNodeProperty.Entry('QUAYSIDE_DEMO_DOCS', '$root/docs')])])
def store = SystemCredentialsProvider.instance
store.credentials.add(new AWSCredentialsImpl(CredentialsScope.GLOBAL, 'aws-release', 'AKIDDEMO', 'demo-secret', 'the local AWS simulator'))
store.save()
def job = jenkins.createProject(WorkflowJob, '$job')
job.definition = new CpsFlowDefinition(new File('$script').text, true)
job.addProperty(new ParametersDefinitionProperty(
    new StringParameterDefinition('VERSION', '1.0', 'the image to release (an OCI layout the demo built)'),
    new StringParameterDefinition('IMAGE', '', 'register this image instead of the one pushed')))
job.concurrentBuild = false
$builds.each { version, image ->
    job.scheduleBuild2(0, new ParametersAction(new StringParameterValue('VERSION', version), new StringParameterValue('IMAGE', image)))
}
GROOVY
say "Starting Jenkins $jenkins_version with the quayside plugin on http://127.0.0.1:$jenkins_port/"
JENKINS_HOME=$home "$jdk/bin/java" -Djenkins.install.runSetupWizard=false -Dhudson.lifecycle=hudson.lifecycle.ExitLifecycle \
  -jar "$work/jenkins-war.war" --httpListenAddress=127.0.0.1 --httpPort="$jenkins_port" > "$work/jenkins.log" 2>&1 &
pids+=($!)
jenkins_pid=$!
url="http://127.0.0.1:$jenkins_port"
count=$(printf '%s' "$builds" | grep -o "':" | wc -l)
for _ in $(seq 1 600); do
  state=$(curl -s "$url/job/$job/$count/api/json?tree=building,result" || true)
  case "$state" in *'"building":false'*) break ;; esac
  kill -0 "$jenkins_pid" 2>/dev/null || die "Jenkins stopped: $(tail -20 "$work/jenkins.log")"
  sleep 1
done
case "$state" in *'"building":false'*) ;; *) die "the builds did not finish within 10 minutes: $(tail -20 "$work/jenkins.log")" ;; esac

result() { curl -s "$url/job/$job/$1/api/json?tree=result" | sed -n 's/.*"result":"\([A-Z_]*\)".*/\1/p'; }
for n in $(seq 1 "$count"); do
  say "Build #$n of $job: $(result "$n")  ($url/job/$job/$n/console)"
  curl -s "$url/job/$job/$n/consoleText"
done

if [ -z "$jenkinsfile" ]; then
  [ "$(result 1)" = SUCCESS ] || die "release 1.0 should have succeeded"
  [ "$(result 2)" = FAILURE ] || die "release 1.1 should have failed"
  [ "$(result 3)" = FAILURE ] || die "release 1.2 should have failed"
  # Whole logs first: with pipefail, `curl | grep -q` fails when grep stops reading early.
  log1=$(curl -s "$url/job/$job/1/consoleText"); log2=$(curl -s "$url/job/$job/2/consoleText"); log3=$(curl -s "$url/job/$job/3/consoleText")
  grep -q 'SUCCEEDED' <<< "$log1" || die "release 1.0 did not report SUCCEEDED"
  grep -q 'myapp | Migrations complete' <<< "$log1" || die "release 1.0 did not show its migration task's own log lines"
  grep -q "image $registry/myapp:v1.1 does not exist in ECR" <<< "$log2" || die "release 1.1 did not stop at the pre-flight"
  grep -qi 'health check' <<< "$log3" || die "release 1.2 did not show the stopped tasks' reason"
  grep -q 'rolling back' <<< "$log3" || die "release 1.2 did not show the rollback"
  grep -q 'ECONNREFUSED' <<< "$log3" || die "release 1.2 did not show the application's own log lines"
  ! grep -q "demo-secret\|$(cat "$work/registry-password")" <<< "$log1$log2$log3" || die "a secret reached a build log"
  say "demo passed: in Jenkins, release 1.0 migrated and succeeded; 1.1 stopped at the pre-flight; 1.2 failed its health checks, was rolled back, and the log says why"
else
  [ "$(result 1)" = SUCCESS ] || { [ "$keep" = true ] || die "your pipeline ended $(result 1)"; }
fi
if [ "$keep" = true ]; then
  say "Jenkins stays up at $url/job/$job/ (the registry and the simulator too); Ctrl-C stops everything"
  wait "$jenkins_pid" || true
else
  echo "(./demo.sh --jenkins --keep leaves Jenkins running at $url/job/$job/ until Ctrl-C)"
fi
