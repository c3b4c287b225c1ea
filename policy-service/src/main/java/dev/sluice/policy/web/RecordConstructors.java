package dev.sluice.policy.web;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;
import tools.jackson.databind.module.SimpleModule;

/**
 * Builds Sluice's record types (the decision request and its parts) through a constructor handle prepared once.
 * Jackson 3 calls a multi-argument creator with {@code MethodHandle.invokeWithArguments}, which makes a new spreading
 * adapter on every call: allocation profiles of policy-service under load put half of all bytes allocated there
 * (four records per decision request), and the young collections that garbage causes show up in the decision
 * latency's tail. Everything else — property matching, defaults, validation, error messages — stays Jackson's; only
 * the final constructor call differs, and a constructor's exception is reported exactly as Jackson reports it.
 */
final class RecordConstructors extends SimpleModule {

    RecordConstructors() {
        super("sluice-record-constructors");
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.addValueInstantiators(new ValueInstantiators() {
            @Override
            public ValueInstantiator findValueInstantiator(DeserializationConfig config, BeanDescription.Supplier beanDescRef) {
                return null;
            }

            @Override
            public ValueInstantiator modifyValueInstantiator(DeserializationConfig config, BeanDescription.Supplier beanDescRef,
                    ValueInstantiator instantiator) {
                return prepared(instantiator);
            }
        });
    }

    /** The instantiator of a Sluice record with its constructor handle prepared; any other instantiator as it is. */
    static ValueInstantiator prepared(ValueInstantiator instantiator) {
        if (instantiator.getClass() == StdValueInstantiator.class
                && ((StdValueInstantiator) instantiator).getWithArgsCreator() instanceof AnnotatedConstructor creator
                && creator.getDeclaringClass().isRecord()
                && creator.getDeclaringClass().getName().startsWith("dev.sluice.")) {
            try {
                return new Prepared((StdValueInstantiator) instantiator, creator.getAnnotated());
            } catch (IllegalAccessException e) {
                return instantiator; // not public: Jackson's own way works for it
            }
        }
        return instantiator;
    }

    /** Jackson's instantiator with {@link #createFromObjectWith} going through a spreading handle made once. */
    private static final class Prepared extends StdValueInstantiator {
        private final MethodHandle constructor;

        Prepared(StdValueInstantiator source, Constructor<?> constructor) throws IllegalAccessException {
            super(source);
            this.constructor = MethodHandles.publicLookup().unreflectConstructor(constructor)
                    .asSpreader(Object[].class, constructor.getParameterCount())
                    .asType(MethodType.methodType(Object.class, Object[].class));
        }

        @Override
        public Object createFromObjectWith(DeserializationContext ctxt, Object[] args) {
            try {
                return (Object) constructor.invokeExact(args);
            } catch (Exception e) {
                return ctxt.handleInstantiationProblem(getValueClass(), args, rewrapCtorProblem(ctxt, e));
            } catch (Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t); // a constructor throws only exceptions and errors
            }
        }
    }
}
