package dev.quayside.jenkins.aws;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import dev.quayside.jenkins.Messages;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * The form support every step and builder shares, following the credentials plugin's documented
 * pattern: list and check credentials only for users who may configure the item (or administer
 * Jenkins outside an item), as the item's build would see them.
 */
public final class AwsForms {
    /** AWS credentials, or username/password holding an access key id and secret. */
    public static final CredentialsMatcher MATCHER = CredentialsMatchers.anyOf(
            CredentialsMatchers.instanceOf(AmazonWebServicesCredentials.class),
            CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class));

    // Format checks only (the engine checks again before any call). Should come from the engine.
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]+");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    private AwsForms() {
    }

    public static ListBoxModel credentialsItems(Item item, String credentialsId) {
        StandardListBoxModel result = new StandardListBoxModel();
        if (!mayConfigure(item)) {
            return result.includeCurrentValue(credentialsId);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(authentication(item), item, StandardCredentials.class, noDomain(), MATCHER)
                .includeCurrentValue(credentialsId);
    }

    public static FormValidation checkCredentialsId(Item item, String value) {
        if (!mayConfigure(item)) {
            return FormValidation.ok();
        }
        if (value == null || value.isBlank()) {
            return FormValidation.ok(Messages.Credentials_UseEnvironment());
        }
        if (value.startsWith("${") && value.endsWith("}")) {
            return FormValidation.warning(Messages.Credentials_Expression());
        }
        ListBoxModel found = CredentialsProvider.listCredentialsInItem(StandardCredentials.class, item, authentication(item), noDomain(),
                CredentialsMatchers.allOf(MATCHER, CredentialsMatchers.withId(value)));
        return found.isEmpty() ? FormValidation.error(Messages.Credentials_NotFound(value)) : FormValidation.ok();
    }

    public static FormValidation checkRegion(String value) {
        if (value == null || value.isBlank()) {
            return FormValidation.ok(Messages.Region_FromEnvironment());
        }
        return REGION.matcher(value.trim()).matches() ? FormValidation.ok() : FormValidation.error(Messages.Region_Invalid(value));
    }

    public static FormValidation checkRoleArn(String value) {
        if (value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        return ROLE_ARN.matcher(value.trim()).matches() ? FormValidation.ok() : FormValidation.error(Messages.RoleArn_Invalid(value));
    }

    public static FormValidation checkAccountIds(String value) {
        if (value != null) {
            for (String id : value.split("[,\\s]+")) {
                if (!id.isEmpty() && !ACCOUNT.matcher(id).matches()) {
                    return FormValidation.error(Messages.RegistryId_Invalid(id));
                }
            }
        }
        return FormValidation.ok();
    }

    public static FormValidation checkRequired(String value) {
        return value == null || value.isBlank() ? FormValidation.error(Messages.Field_Required()) : FormValidation.ok();
    }

    /** Whether the user may see form checks of {@code item} (or, outside an item, of the whole Jenkins). */
    public static boolean mayConfigure(Item item) {
        if (item == null) {
            return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        }
        return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    private static Authentication authentication(Item item) {
        return item instanceof Queue.Task ? Tasks.getAuthenticationOf2((Queue.Task) item) : ACL.SYSTEM2;
    }

    private static List<DomainRequirement> noDomain() {
        return Collections.emptyList();
    }
}
