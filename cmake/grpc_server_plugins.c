/* The gRPC core plugins the release binary registers: those a gRPC server
 * needs, without the client-side load balancing policies, resolvers and
 * xDS that gRPC's own registry (grpc_plugin_registry.cc and
 * grpc_plugin_registry_extra.cc of gRPC core 29.0.0, gRPC 1.51, Debian 12)
 * registers in every process.
 *
 * Linked only into the static release build (cmake/static.cmake), and only
 * for the gRPC core version below: this file defines
 * grpc_core::BuildCoreConfiguration(grpc_core::CoreConfiguration::Builder *),
 * so the linker never takes grpc_plugin_registry.cc.o from libgrpc.a (were
 * it needed for another symbol, the link would fail on a duplicate
 * definition instead of silently using either).  The names are the
 * Itanium C++ ABI names of gRPC's functions; each takes the builder
 * pointer and nothing else, which C passes the same way.
 *
 * What the registration costs (README, Benchmark): every registration
 * function runs at the first grpc_server_create and brings its object's
 * code into memory, so gRPC's registry made each provider process touch
 * the xDS client and resolver, RLS, grpclb, priority, ring hash, weighted
 * target, outlier detection and round robin policies, the fault injection
 * and RBAC filters and Google default credentials: about 1.2 MiB resident
 * per process, which a server listening on a unix socket (or 127.0.0.1)
 * for one client never uses.
 *
 * Kept, in gRPC's order: channel argument preconditioning for the event
 * engine; pick_first and the client channel configuration (cheap, and
 * what any channel gRPC might make internally expects); the security
 * handshakers (TLS); the idle/max-age filters; the HTTP, deadline and
 * message size filters (the size limits the server sets); the resource
 * quota; the DNS and sockaddr resolvers (the 127.0.0.1 fallback); the
 * security filters (authentication of each call); the builtins (the
 * connected channel and the channel stack's bottom). */

#define GRPC_BUILDER_FN(name) void name(void *builder)

GRPC_BUILDER_FN(_ZN17grpc_event_engine12experimental44RegisterEventEngineChannelArgPreconditioningEPN9grpc_core17CoreConfiguration7BuilderE);
GRPC_BUILDER_FN(_ZN9grpc_core25RegisterPickFirstLbPolicyEPNS_17CoreConfiguration7BuilderE);
GRPC_BUILDER_FN(_ZN9grpc_core31BuildClientChannelConfigurationEPNS_17CoreConfiguration7BuilderE);
GRPC_BUILDER_FN(_ZN9grpc_core35SecurityRegisterHandshakerFactoriesEPNS_17CoreConfiguration7BuilderE);
GRPC_BUILDER_FN(_ZN9grpc_core26RegisterChannelIdleFiltersEPNS_17CoreConfiguration7BuilderE);
GRPC_BUILDER_FN(_ZN9grpc_core19RegisterHttpFiltersEPNS_17CoreConfiguration7BuilderE);
GRPC_BUILDER_FN(_ZN9grpc_core22RegisterDeadlineFilterEPNS_17CoreConfiguration7BuilderE);
GRPC_BUILDER_FN(_ZN9grpc_core25RegisterMessageSizeFilterEPNS_17CoreConfiguration7BuilderE);
GRPC_BUILDER_FN(_ZN9grpc_core21RegisterResourceQuotaEPNS_17CoreConfiguration7BuilderE);
GRPC_BUILDER_FN(_ZN9grpc_core23RegisterAresDnsResolverEPNS_17CoreConfiguration7BuilderE);
GRPC_BUILDER_FN(_ZN9grpc_core25RegisterNativeDnsResolverEPNS_17CoreConfiguration7BuilderE);
GRPC_BUILDER_FN(_ZN9grpc_core24RegisterSockaddrResolverEPNS_17CoreConfiguration7BuilderE);
GRPC_BUILDER_FN(_ZN9grpc_core23RegisterSecurityFiltersEPNS_17CoreConfiguration7BuilderE);
GRPC_BUILDER_FN(_ZN9grpc_core16RegisterBuiltinsEPNS_17CoreConfiguration7BuilderE);

/* grpc_core::BuildCoreConfiguration(grpc_core::CoreConfiguration::Builder *) */
GRPC_BUILDER_FN(_ZN9grpc_core22BuildCoreConfigurationEPNS_17CoreConfiguration7BuilderE);

GRPC_BUILDER_FN(_ZN9grpc_core22BuildCoreConfigurationEPNS_17CoreConfiguration7BuilderE)
{
    _ZN17grpc_event_engine12experimental44RegisterEventEngineChannelArgPreconditioningEPN9grpc_core17CoreConfiguration7BuilderE(builder);
    _ZN9grpc_core25RegisterPickFirstLbPolicyEPNS_17CoreConfiguration7BuilderE(builder);
    _ZN9grpc_core31BuildClientChannelConfigurationEPNS_17CoreConfiguration7BuilderE(builder);
    _ZN9grpc_core35SecurityRegisterHandshakerFactoriesEPNS_17CoreConfiguration7BuilderE(builder);
    _ZN9grpc_core26RegisterChannelIdleFiltersEPNS_17CoreConfiguration7BuilderE(builder);
    _ZN9grpc_core19RegisterHttpFiltersEPNS_17CoreConfiguration7BuilderE(builder);
    _ZN9grpc_core22RegisterDeadlineFilterEPNS_17CoreConfiguration7BuilderE(builder);
    _ZN9grpc_core25RegisterMessageSizeFilterEPNS_17CoreConfiguration7BuilderE(builder);
    _ZN9grpc_core21RegisterResourceQuotaEPNS_17CoreConfiguration7BuilderE(builder);
    _ZN9grpc_core23RegisterAresDnsResolverEPNS_17CoreConfiguration7BuilderE(builder);
    _ZN9grpc_core25RegisterNativeDnsResolverEPNS_17CoreConfiguration7BuilderE(builder);
    _ZN9grpc_core24RegisterSockaddrResolverEPNS_17CoreConfiguration7BuilderE(builder);
    _ZN9grpc_core23RegisterSecurityFiltersEPNS_17CoreConfiguration7BuilderE(builder);
    _ZN9grpc_core16RegisterBuiltinsEPNS_17CoreConfiguration7BuilderE(builder);
}

/* abseil's Cord sampling profiler (cordz, of the abseil gRPC 1.51 links
 * with in Debian 12): every thread's first absl::Cord (gRPC makes one for
 * any status with a message, such as the one for the zerocopy socket option
 * it tries at listen time) computes a random sampling stride with log2, so
 * it would bring in libm (cmake/libm_lazy.c) in every process, and one Cord
 * in 50000 would be tracked for a heap profiler nobody reads.  A mean
 * interval of 0 turns the sampling off before main.
 * absl::cord_internal::set_cordz_mean_interval(int): */
void _ZN4absl7debian313cord_internal23set_cordz_mean_intervalEi(int mean_interval);

__attribute__((constructor)) static void no_cord_sampling(void)
{
    _ZN4absl7debian313cord_internal23set_cordz_mean_intervalEi(0);
}
