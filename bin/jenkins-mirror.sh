# Sourced by .ci/run and demo.sh. Where a copy of the Jenkins Maven repository exists (built from the
# upstream release tags, for machines that cannot reach https://repo.jenkins-ci.org/public/; on ours it
# is shared/jenkins-repo beside the checkout), Maven uses it as that repository's mirror through
# MAVEN_ARGS (read by Maven 3.9+, so the build command itself stays the README's). JENKINS_REPO_COPY
# names another copy; a MAVEN_ARGS already set wins.
if [ -z "${MAVEN_ARGS:-}" ]; then
  for copy in "${JENKINS_REPO_COPY:-}" ../shared/jenkins-repo /work/shared/jenkins-repo; do
    if [ -n "$copy" ] && [ -x "$copy/settings.sh" ]; then
      mkdir -p target
      "$copy/settings.sh" > target/jenkins-mirror-settings.xml
      export MAVEN_ARGS="-s $PWD/target/jenkins-mirror-settings.xml"
      break
    fi
  done
fi
