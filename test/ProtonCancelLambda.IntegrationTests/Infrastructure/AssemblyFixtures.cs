using ProtonCancelLambda.IntegrationTests.Infrastructure;

// One published bootstrap and one moto_server for the whole test assembly: every test that uses moto names its
// queues, topics, tables and rules uniquely, so they share one server instead of starting one per class.
[assembly: AssemblyFixture(typeof(PublishedBootstrap))]
[assembly: AssemblyFixture(typeof(MotoServerFixture))]
