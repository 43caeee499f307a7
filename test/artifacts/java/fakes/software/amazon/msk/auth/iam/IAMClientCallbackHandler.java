package software.amazon.msk.auth.iam;

public class IAMClientCallbackHandler {
    public IAMClientCallbackHandler() {
        System.out.println("new IAMClientCallbackHandler");
    }
}
