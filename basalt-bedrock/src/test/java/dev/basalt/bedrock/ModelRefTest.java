package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import dev.basalt.core.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelRefTest {

    final ModelCatalog catalog = ModelCatalog.bundled();

    ModelRef parse(String input, String region) {
        return ModelRef.parse(input, region, catalog);
    }

    @Test
    void aliasesResolveToTheProfileOfTheRegionsGeography() {
        assertThat(parse("sonnet", "us-west-2").modelId()).isEqualTo("us.anthropic.claude-sonnet-4-6");
        assertThat(parse("sonnet", "eu-central-1").modelId()).isEqualTo("eu.anthropic.claude-sonnet-4-6");
        // Sonnet 4.6 has no apac profile: Singapore reaches it through the global one
        assertThat(parse("sonnet", "ap-southeast-1").modelId()).isEqualTo("global.anthropic.claude-sonnet-4-6");
        assertThat(parse("claude-sonnet-4.5", "eu-central-1").modelId()).isEqualTo("eu.anthropic.claude-sonnet-4-5-20250929-v1:0");
        // no apac profile for these (Anthropic's "Claude on Amazon Bedrock" table): the global one serves Asia
        assertThat(parse("claude-sonnet-4.5", "ap-southeast-1").modelId()).isEqualTo("global.anthropic.claude-sonnet-4-5-20250929-v1:0");
        assertThat(parse("claude-opus-4.5", "ap-northeast-1").modelId()).isEqualTo("global.anthropic.claude-opus-4-5-20251101-v1:0");
        // Tokyo: the apac profile where there is one, else Japan's own, before the global one
        assertThat(parse("opus", "ap-northeast-1").modelId()).isEqualTo("apac.anthropic.claude-opus-4-6-v1");
        assertThat(parse("sonnet", "ap-northeast-1").modelId()).isEqualTo("jp.anthropic.claude-sonnet-4-6");
        assertThat(parse("claude-sonnet-4.5", "ap-southeast-2").modelId()).isEqualTo("au.anthropic.claude-sonnet-4-5-20250929-v1:0");
        assertThat(parse("haiku", "ap-southeast-2").modelId()).isEqualTo("apac.anthropic.claude-haiku-4-5-20251001-v1:0");
        assertThat(parse("claude-haiku-3", "us-east-1").modelId()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
        assertThat(parse("nova-pro", "us-east-1").modelId()).isEqualTo("amazon.nova-pro-v1:0");
        assertThat(parse("claude-opus-4.1", "us-east-2").modelId()).isEqualTo("us.anthropic.claude-opus-4-1-20250805-v1:0");
    }

    @Test
    void aRegionNoneOfTheModelsProfilesServesIsRefusedWithOneThatDoes() {
        // Opus 4.1 has a us. profile only: an EU region cannot call it, and us. ids are not valid there
        assertThatThrownBy(() -> parse("custom:eu-west-1:claude-opus-4.1", null))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("Claude Opus 4.1 is not offered in eu-west-1: Bedrock serves it"
                            + " through its us inference profile only");
                    assertThat(e.hint()).isEqualTo("pick a region there, e.g. --region us-east-1");
                });
        CatalogModel usAndGlobal = new CatalogModel("anthropic.claude-x-v1:0", "Claude X", "claude", List.of(), 200_000, 8_192,
                List.of(), null, List.of("us", "global"), true);
        assertThat(ModelRef.profileIn(usAndGlobal, "eu-west-1")).contains("global.anthropic.claude-x-v1:0");
        assertThat(ModelRef.profileIn(usAndGlobal, "us-gov-west-1")).as("global profiles do not serve GovCloud").isEmpty();
    }

    @Test
    void plainIdsThatNeedAProfileGetOne() {
        assertThat(parse("anthropic.claude-sonnet-4-5-20250929-v1:0", "us-east-1").modelId())
                .isEqualTo("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
        assertThat(parse("bedrock:anthropic.claude-3-haiku-20240307-v1:0", "us-east-1").modelId())
                .isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
        assertThat(parse("bedrock:sonnet", "us-east-1").model()).get().extracting(CatalogModel::name).isEqualTo("Claude Sonnet 4.6");
    }

    @Test
    void profileIdsAndArnsPassThrough() {
        assertThat(parse("global.anthropic.claude-sonnet-4-5-20250929-v1:0", "eu-west-1").modelId())
                .isEqualTo("global.anthropic.claude-sonnet-4-5-20250929-v1:0");
        assertThat(parse("us-gov.anthropic.claude-3-haiku-20240307-v1:0", "us-gov-west-1").model()).isPresent();
        ModelRef arn = parse("arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0", "us-east-1");
        assertThat(arn.modelId()).startsWith("arn:aws:bedrock:us-west-2:");
        assertThat(arn.region()).isEqualTo("us-west-2");
        assertThat(arn.model()).isPresent();
        assertThat(parse("arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123", null).model()).isEmpty();
    }

    @Test
    void customReferencesSetTheRegionAndAcceptAmazonQIds() {
        ModelRef q37 = parse("custom:us-west-2:CLAUDE_3_7_SONNET_20250219_V1_0", "us-east-1");
        assertThat(q37.region()).isEqualTo("us-west-2");
        assertThat(q37.modelId()).isEqualTo("us.anthropic.claude-3-7-sonnet-20250219-v1:0");
        assertThat(q37.model()).get().extracting(CatalogModel::name).isEqualTo("Claude 3.7 Sonnet");

        ModelRef q4 = parse("custom:eu-west-1:CLAUDE_SONNET_4_20250514_V1_0", null);
        assertThat(q4.modelId()).isEqualTo("eu.anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(q4.model()).get().extracting(CatalogModel::name).isEqualTo("Claude Sonnet 4");
        assertThat(parse("custom:us-east-1:amazon.nova-pro-v1:0", null).modelId()).isEqualTo("amazon.nova-pro-v1:0");
    }

    @Test
    void unknownInputNamesTheClosestMatches() {
        assertThatThrownBy(() -> parse("sonet", "us-east-1"))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION);
                    assertThat(e.getMessage()).isEqualTo("unknown model 'sonet'");
                    assertThat(e.hint()).startsWith("closest: sonnet");
                });
        assertThatThrownBy(() -> parse("custom:only-region", null)).isInstanceOf(ModelException.class);
    }

    @Test
    void dottedInputWithoutABedrockProviderIsATypoWithTheClosestMatches() {
        for (String typo : new String[] {"claude-sonet-4.5", "gpt-4.1", "us.claude-sonnet-4.5", "sonnet.4"}) {
            assertThatThrownBy(() -> parse(typo, "us-east-1")).as(typo)
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("unknown model '" + typo + "'");
                        assertThat(e.hint()).startsWith("closest: ");
                    });
        }
        assertThatThrownBy(() -> parse("claude-sonet-4.5", "us-east-1")).isInstanceOfSatisfying(ModelException.class,
                e -> assertThat(e.hint()).startsWith("closest: claude-sonnet-4.5"));
        assertThat(parse("eu.mistral.pixtral-large-2502-v1:0", "eu-west-1").modelId()).isEqualTo("eu.mistral.pixtral-large-2502-v1:0");
        assertThat(parse("openai.gpt-oss-120b-1:0", "us-west-2").modelId()).isEqualTo("openai.gpt-oss-120b-1:0");
    }

    @Test
    void aCustomReferenceWithoutARegionShapeIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> parse("custom:nowhere:sonnet", null)).isInstanceOfSatisfying(ModelException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION);
            assertThat(e.getMessage()).isEqualTo("unknown region 'nowhere'");
            assertThat(e.hint()).startsWith("closest: ").endsWith("e.g. custom:us-west-2:sonnet");
        });
        assertThat(parse("custom:us-gov-west-1:claude-haiku-3", null).region()).isEqualTo("us-gov-west-1");
    }

    @Test
    void modelsNewerThanTheCatalogAreSentAsGiven() {
        assertThat(parse("anthropic.claude-future-9-v1:0", "us-east-1").modelId()).isEqualTo("anthropic.claude-future-9-v1:0");
    }

    @Test
    void costPricesCacheReadsAndWritesOnTheirOwn() {
        CatalogModel sonnet = catalog.find("sonnet").orElseThrow();
        double cost = sonnet.pricing().cost(new Usage(1_000_000, 100_000, 2_000_000, 100_000));
        // 3.00 input + 1.50 output + 0.60 cache reads + 0.375 cache writes
        assertThat(cost).isCloseTo(5.475, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(catalog.find("titan-embed")).get().extracting(CatalogModel::family).isEqualTo("titan-embed");
        assertThat(catalog.models()).extracting(CatalogModel::family)
                .contains("claude", "nova", "titan-text", "titan-embed", "llama", "mistral", "cohere-embed");
    }
}
