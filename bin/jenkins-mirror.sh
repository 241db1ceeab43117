# Sourced by .ci/run and demo.sh. Where ../shared/jenkins-repo exists (a copy of the Jenkins Maven
# repository built from the upstream release tags, for machines that cannot reach
# https://repo.jenkins-ci.org/public/), Maven uses it as that repository's mirror, through MAVEN_ARGS
# (read by Maven 3.9+, so the build command itself stays the README's). A MAVEN_ARGS already set wins.
if [ -z "${MAVEN_ARGS:-}" ] && [ -x ../shared/jenkins-repo/settings.sh ]; then
  mkdir -p target
  ../shared/jenkins-repo/settings.sh > target/jenkins-mirror-settings.xml
  export MAVEN_ARGS="-s $PWD/target/jenkins-mirror-settings.xml"
fi
