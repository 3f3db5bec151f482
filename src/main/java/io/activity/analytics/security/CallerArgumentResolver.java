package io.activity.analytics.security;

import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets a handler declare a {@link Caller} parameter (company routes) or a {@link SignedInUser}
 * ({@link UserAccess} routes); it is the one the access check produced.
 */
@Component
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    static {
        // Caller is resolved from the token here, never sent by the client: without this
        // springdoc lists it as a query parameter of every handler that takes it.
        org.springdoc.core.utils.SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class, SignedInUser.class);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class || parameter.getParameterType() == SignedInUser.class;
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        Class<?> type = parameter.getParameterType();
        Object caller = request.getAttribute(type.getName(), RequestAttributes.SCOPE_REQUEST);
        if (caller == null) {
            throw new IllegalStateException(
                    type == Caller.class
                            ? "No Caller: the handler is not a company route with @CompanyAccess"
                            : "No SignedInUser: the handler is not a route with @UserAccess");
        }
        return caller;
    }
}
