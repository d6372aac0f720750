using ProtonCancelLambda.IntegrationTests.Infrastructure;

[assembly: AssemblyFixture(typeof(PublishedBootstrap))]
